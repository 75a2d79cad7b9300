# arith_negative_mod: a differential test (arith), compared with dash.
echo $((-7 / 2)) $((-7 % 2)) $((7 / -2))
