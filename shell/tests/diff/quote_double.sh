# quote_double: a differential test (quote), compared with dash.
x=val
printf "%s\n" "x=$x" "\$x" "\"q\"" "back\\slash" "a\b"
echo "tab	in"
echo "$x"'$x'$x
