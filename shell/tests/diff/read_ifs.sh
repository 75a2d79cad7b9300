# read_ifs: a differential test (read), compared with dash.
printf 'a:b:c\n' > f
IFS=: read x y < f
echo "[$x] [$y]"
