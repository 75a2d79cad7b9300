# arith_basic: a differential test (arith), compared with dash.
echo $((1 + 2)) $((10 - 3)) $((6 * 7)) $((20 / 3)) $((20 % 3))
echo $((2 + 3 * 4)) $(((2 + 3) * 4)) $((-5)) $((+5)) $((!0)) $((!5)) $((~0))
