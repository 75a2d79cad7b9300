# read_eof: a differential test (read), compared with dash.
printf 'noeol' > f
read x < f
echo "$? [$x]"
read y < /dev/null
echo "$? [$y]"
