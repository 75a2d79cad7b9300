# bg_wait: a differential test (bg), compared with dash.
(sleep 0.1; echo bg done) &
wait
echo after wait
