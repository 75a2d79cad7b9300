# arith_vars: a differential test (arith), compared with dash.
x=5 y=7
echo $((x + y)) $(($x * $y)) $((x * (y - 2)))
unset z
echo $((z + 1))
