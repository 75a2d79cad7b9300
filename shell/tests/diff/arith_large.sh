# arith_large: a differential test (arith), compared with dash.
echo $((2147483647 + 1)) $((1 << 40)) $((-9223372036854775807 - 1))
