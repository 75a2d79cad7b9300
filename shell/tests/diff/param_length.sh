# param_length: a differential test (param), compared with dash.
x=hello
echo ${#x}
e=
echo ${#e}
set -- a b c
echo ${#}
