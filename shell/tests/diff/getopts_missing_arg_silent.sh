# getopts_missing_arg_silent: a differential test (getopts), compared with dash.
set -- -b
while getopts :b: o; do echo "o=$o OPTARG=${OPTARG-}"; done
