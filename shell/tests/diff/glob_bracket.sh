# glob_bracket: a differential test (glob), compared with dash.
touch a b c d
echo [!a-b]
echo [a-c]
