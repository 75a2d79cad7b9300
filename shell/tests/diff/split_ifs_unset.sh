# split_ifs_unset: a differential test (split), compared with dash.
unset IFS
x="  a	b
c  "
for i in $x; do echo "<$i>"; done
