# edge_case_bracket_patterns: a differential test (edge), compared with dash.
for c in a - ] '!' b; do
case $c in
[]]) echo bracket;;
[!a-z]) echo "not lower: $c";;
[a-]) echo "a or dash: $c";;
*) echo "other: $c";;
esac
done
