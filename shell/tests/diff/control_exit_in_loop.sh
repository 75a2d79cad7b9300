# control_exit_in_loop: a differential test (control), compared with dash.
for i in 1 2 3; do
  [ $i = 2 ] && exit 7
  echo $i
done
