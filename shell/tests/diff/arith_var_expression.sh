# arith_var_expression: a differential test (arith), compared with dash.
a=3
b='a + 4'
echo $((b * 2))
