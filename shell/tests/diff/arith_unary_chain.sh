# arith_unary_chain: a differential test (arith), compared with dash.
echo $((- -3)) $((!!5)) $((~~7)) $((-(-2)))
