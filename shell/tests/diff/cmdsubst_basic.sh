# cmdsubst_basic: a differential test (cmdsubst), compared with dash.
echo $(echo hi) `echo there`
x=$(printf 'a\n\n\n')
echo "[$x]"
