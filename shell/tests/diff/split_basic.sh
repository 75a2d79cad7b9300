# split_basic: a differential test (split), compared with dash.
x="a b   c"
for i in $x; do echo "<$i>"; done
echo "count: $(set -- $x; echo $#)"
