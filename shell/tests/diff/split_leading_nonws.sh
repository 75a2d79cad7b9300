# split_leading_nonws: a differential test (split), compared with dash.
IFS=,
x=",a,,b"
set -- $x
echo $#
for i; do echo "<$i>"; done
