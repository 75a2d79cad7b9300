# arith_spaces: a differential test (arith), compared with dash.
x=4
echo $(( x   *   2 )) $((x*2))
