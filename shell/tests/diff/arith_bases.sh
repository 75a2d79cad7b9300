# arith_bases: a differential test (arith), compared with dash.
echo $((0x1f)) $((010)) $((0X10))
