# edge_hash_pattern_with_var: a differential test (edge), compared with dash.
x=abcabc
p=b
echo ${x#*$p} ${x##*$p} ${x%$p*} ${x%%$p*}
