# bg_wait_status: a differential test (bg), compared with dash.
(exit 4) &
p=$!
wait $p
echo $?
