# quoting_newline_in_quotes: a differential test (quoting), compared with dash.
echo "line1
line2"
echo 'a
b'
