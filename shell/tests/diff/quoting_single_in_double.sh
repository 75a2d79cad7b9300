# quoting_single_in_double: a differential test (quoting), compared with dash.
echo "it's"
echo 'say "hi"'
