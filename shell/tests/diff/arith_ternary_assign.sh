# arith_ternary_assign: a differential test (arith), compared with dash.
x=1
echo $((x ? (y = 5) : (y = 6))) $y
