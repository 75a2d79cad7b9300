# arith_comma_shortcircuit: a differential test (arith), compared with dash.
x=0
echo $((0 && (x = 5))) $x
echo $((1 || (x = 6))) $x
