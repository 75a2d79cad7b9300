# control_until_status: a differential test (control), compared with dash.
until false; do break; done
echo $?
i=0
until [ $i = 2 ]; do i=$((i+1)); done
echo $?
