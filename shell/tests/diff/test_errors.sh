# test_errors: a differential test (test), compared with dash.
[ 1 -eq a ]
echo status $?
[ 1 = 1
echo status $?
