# control_loop_redirect_status: a differential test (control), compared with dash.
for i in 1; do false; done
echo $?
while false; do :; done
echo $?
