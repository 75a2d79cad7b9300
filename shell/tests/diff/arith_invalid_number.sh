# arith_invalid_number: a differential test (arith), compared with dash.
x=12abc
echo $((x + 1))
