# glob_nomatch: a differential test (glob), compared with dash.
echo nomatch*
echo 'a*'
echo "a*"
