# arith_divzero: a differential test (arith), compared with dash.
echo before
echo $((1 / 0))
echo after
