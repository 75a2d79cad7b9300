# errors_return_bad: a differential test (errors), compared with dash.
f() { return x; }
f
echo after
