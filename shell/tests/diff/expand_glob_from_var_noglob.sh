# expand_glob_from_var_noglob: a differential test (expand), compared with dash.
touch f1 f2
v='f*'
set -f
echo $v
set +f
echo $v
