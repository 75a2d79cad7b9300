# exec_cmd: a differential test (exec), compared with dash.
echo before
exec echo replaced
echo notreached
