# expand_assign_special_fail: a differential test (expand), compared with dash.
echo ${1=x}
echo notreached
