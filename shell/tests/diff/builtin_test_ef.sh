# builtin_test_ef: a differential test (builtin), compared with dash.
touch f
ln f g
[ f -ef g ] && echo same
