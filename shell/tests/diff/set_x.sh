# set_x: a differential test (set), compared with dash.
set -x
echo traced
x=1
echo "$x two"
set +x
echo quiet
