# control_break_in_case: a differential test (control), compared with dash.
for x in 1 2 3; do
  case $x in 2) break;; esac
  echo $x
done
