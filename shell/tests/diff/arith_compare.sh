# arith_compare: a differential test (arith), compared with dash.
echo $((1 < 2)) $((2 < 1)) $((2 <= 2)) $((3 > 2)) $((3 >= 4)) $((5 == 5)) $((5 != 5))
echo $((1 && 0)) $((1 && 2)) $((0 || 0)) $((0 || 3))
