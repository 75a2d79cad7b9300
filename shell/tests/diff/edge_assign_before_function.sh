# edge_assign_before_function: a differential test (edge), compared with dash.
f() { echo "in f: $z"; }
z=tmp f
echo "after: [${z-unset}]"
