# builtin_read_multiple_vars: a differential test (builtin), compared with dash.
echo "a b c d" | { read x y; echo "[$x][$y]"; }
echo "a" | { read x y; echo "[$x][$y]"; }
