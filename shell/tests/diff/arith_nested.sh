# arith_nested: a differential test (arith), compared with dash.
x=3
echo $(( $(echo 4) + x )) $(( (x) ))
