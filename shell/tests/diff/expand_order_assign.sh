# expand_order_assign: a differential test (expand), compared with dash.
a=1 b=$a
echo $b
x=5; x=$((x+1)) y=$x
echo $x $y
