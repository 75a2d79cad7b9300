# cmdsubst_multiline: a differential test (cmdsubst), compared with dash.
x=$(
  echo line1
  echo line2
)
echo "$x"
