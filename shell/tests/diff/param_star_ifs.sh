# param_star_ifs: a differential test (param), compared with dash.
set -- a b c
IFS=:
echo "$*"
IFS=
echo "$*"
unset IFS
echo "$*"
