# builtin_test_perm: a differential test (builtin), compared with dash.
touch f
chmod 700 f
[ -x f ] && echo exec
[ -w f ] && echo write
