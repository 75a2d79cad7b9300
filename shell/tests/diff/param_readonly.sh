# param_readonly: a differential test (param), compared with dash.
readonly r=5
echo $r
r=6
echo notreached
