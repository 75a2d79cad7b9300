# read_r: a differential test (read), compared with dash.
printf 'a\\b c\\\nd\n' > f
read x < f
printf "[%s]\n" "$x"
read -r x < f
printf "[%s]\n" "$x"
