# builtin_test_empty_string_args: a differential test (builtin), compared with dash.
[ "" = "" ] && echo emptyeq
[ -z "" -a -z "" ] && echo both
