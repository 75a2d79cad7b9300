# arith_assign_chain: a differential test (arith), compared with dash.
echo $((a = b = 4)) $a $b
