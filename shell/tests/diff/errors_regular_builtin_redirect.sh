# errors_regular_builtin_redirect: a differential test (errors), compared with dash.
echo hi > /nonexistent/x
echo reached $?
