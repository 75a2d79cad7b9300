# arith_bits: a differential test (arith), compared with dash.
echo $((5 & 3)) $((5 | 3)) $((5 ^ 3)) $((1 << 4)) $((256 >> 2))
