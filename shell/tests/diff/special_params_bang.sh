# special_params_bang: a differential test (special), compared with dash.
sleep 0 &
p=$!
[ "$p" -gt 0 ] && echo has-pid
wait $p
echo $?
