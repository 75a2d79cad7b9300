# set_u: a differential test (set), compared with dash.
set -u
x=1
echo $x
echo $undefined_var
echo notreached
