# read_basic: a differential test (read), compared with dash.
printf 'one two three\n' > f
read a b < f
echo "[$a] [$b]"
read a < f
echo "[$a]"
