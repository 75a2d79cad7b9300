# group_basic: a differential test (group), compared with dash.
{ echo a; echo b; }
x=1
{ x=2; }
echo $x
