# if_multiline: a differential test (if), compared with dash.
if
  true
then
  echo multi
fi
