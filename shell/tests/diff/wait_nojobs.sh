# wait_nojobs: a differential test (wait), compared with dash.
wait
echo $?
