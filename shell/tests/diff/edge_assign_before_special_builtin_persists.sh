# edge_assign_before_special_builtin_persists: a differential test (edge), compared with dash.
x=1 :
echo $x
y=2 eval 'echo $y'
echo $y
