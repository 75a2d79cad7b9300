# param_readonly_unset: a differential test (param), compared with dash.
readonly r2=1
unset r2
echo "status $?"
