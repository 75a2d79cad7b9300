# param_basic: a differential test (param), compared with dash.
x=hello
echo $x ${x} "${x}world"
unset x
echo "[$x]"
