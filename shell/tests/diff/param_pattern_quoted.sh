# param_pattern_quoted: a differential test (param), compared with dash.
x='a*b*c'
echo ${x#*\*} ${x#"a*"} ${x%'*c'} ${x##*"*"}
