# read_leading_ws: a differential test (read), compared with dash.
printf '   spaced   out   \n' > f
read x < f
echo "[$x]"
read x y < f
echo "[$x] [$y]"
