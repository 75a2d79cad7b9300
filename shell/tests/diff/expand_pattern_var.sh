# expand_pattern_var: a differential test (expand), compared with dash.
x=hello.world
p='*.'
echo ${x#$p}
echo ${x#"$p"}
