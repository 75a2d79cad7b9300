# arith_long_expr: a differential test (arith), compared with dash.
echo $(( (1+2)*(3+4) - 10/2 % 3 + (8>>1) ))
