# builtin_readonly_listing: a differential test (builtin), compared with dash.
readonly ZZR=5
readonly -p | grep ZZR
