# edge_return_from_nested_loop: a differential test (edge), compared with dash.
f() {
  for i in 1 2; do
    while true; do
      return 9
    done
  done
  echo not
}
f; echo $?
