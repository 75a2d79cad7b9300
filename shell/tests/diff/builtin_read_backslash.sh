# builtin_read_backslash: a differential test (builtin), compared with dash.
printf 'a\\ b\n' | { read x y; echo "[$x][$y]"; }
printf 'a\\ b\n' | { read -r x y; echo "[$x][$y]"; }
