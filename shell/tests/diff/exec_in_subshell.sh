# exec_in_subshell: a differential test (exec), compared with dash.
(exec echo in-sub)
echo after
