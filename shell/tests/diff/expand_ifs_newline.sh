# expand_ifs_newline: a differential test (expand), compared with dash.
IFS='
'
x="line one
line two"
for l in $x; do echo "[$l]"; done
