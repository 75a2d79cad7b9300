# arith_hex_octal_vars: a differential test (arith), compared with dash.
x=0x10 y=010
echo $((x + y))
