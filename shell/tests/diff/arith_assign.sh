# arith_assign: a differential test (arith), compared with dash.
x=1
echo $((x += 4)) $x
echo $((x *= 2)) $((x -= 3)) $((x /= 2)) $((x %= 3)) $x
echo $((y = 9)) $y
