# edge_test_equal_signs: a differential test (edge), compared with dash.
test = = =; echo $?
test '!' = '!'; echo $?
