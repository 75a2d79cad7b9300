# errors_special_builtin_redirect: a differential test (errors), compared with dash.
: > /nonexistent/x
echo notreached
