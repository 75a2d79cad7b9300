# expand_ifs_in_assignment: a differential test (expand), compared with dash.
IFS=,
x=a,b,c
y=$x
echo "$y"
set -- $y
echo $#
