# eval_status: a differential test (eval), compared with dash.
eval false
echo $?
eval
echo $?
