# control_case_in_loop: a differential test (control), compared with dash.
for x in 1 2 3; do
  case $x in
    2) continue ;;
  esac
  echo $x
done
