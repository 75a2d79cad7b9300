# subshell_nested: a differential test (subshell), compared with dash.
( ( ( echo deep ) ) )
x=$( ( echo in-sub-cmdsubst ) )
echo $x
