# split_ifs_colon: a differential test (split), compared with dash.
IFS=:
x="a:b::c:"
for i in $x; do echo "<$i>"; done
