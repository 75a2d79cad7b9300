# arith_ternary: a differential test (arith), compared with dash.
x=5
echo $((x > 3 ? 10 : 20)) $((x < 3 ? 10 : 20))
echo $((0 ? 1 : 0 ? 2 : 3))
