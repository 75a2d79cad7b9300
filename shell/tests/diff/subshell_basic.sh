# subshell_basic: a differential test (subshell), compared with dash.
x=1
(x=2; echo in $x)
echo out $x
(exit 3)
echo $?
