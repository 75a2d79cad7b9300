# builtin_test_three_args: a differential test (builtin), compared with dash.
[ ! -z x ] && echo notz
[ x = x ] && echo eq
[ "(" x ")" ] && echo parens
