# edge_test_unary_on_missing_arg: a differential test (edge), compared with dash.
test -n; echo $?
test -z; echo $?
test -f; echo $?
