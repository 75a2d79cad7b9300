# pipe_subshell_vars: a differential test (pipe), compared with dash.
x=1
echo 2 | read x
echo $x
