# builtin_echo_args: a differential test (builtin), compared with dash.
echo -- a
echo -x
echo ""
echo a "" b
