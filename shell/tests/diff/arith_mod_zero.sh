# arith_mod_zero: a differential test (arith), compared with dash.
echo $((5 % 0))
echo after
