# split_ifs_mixed: a differential test (split), compared with dash.
IFS=' :'
x=" a : b :: c "
for i in $x; do echo "<$i>"; done
