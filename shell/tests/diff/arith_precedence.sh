# arith_precedence: a differential test (arith), compared with dash.
echo $((1 + 2 * 3 - 4 / 2)) $((1 << 2 + 1)) $((7 & 3 | 8)) $((1 || 0 && 0))
