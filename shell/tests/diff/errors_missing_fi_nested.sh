# errors_missing_fi_nested: a differential test (errors), compared with dash.
if true; then
  while true; do
    echo x
  done
