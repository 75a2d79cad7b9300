# builtin_test_string_ops: a differential test (builtin), compared with dash.
[ "abc" \< "abd" ] && echo lt
[ "b" \> "a" ] && echo gt
[ -n "" ] || echo empty
