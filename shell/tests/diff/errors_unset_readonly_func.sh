# errors_unset_readonly_func: a differential test (errors), compared with dash.
readonly v=1
f() { v=2; }
f
echo notreached
