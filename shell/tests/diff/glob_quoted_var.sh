# glob_quoted_var: a differential test (glob), compared with dash.
touch 'a*b' axb
x='a*b'
echo $x
echo "$x"
