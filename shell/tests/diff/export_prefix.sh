# export_prefix: a differential test (export), compared with dash.
X=tmp sh -c 'echo $X'
echo "[$X]"
