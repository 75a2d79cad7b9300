# set_f_C: a differential test (set), compared with dash.
set -f
echo *
set +f -C
echo a > f
echo b > f
echo $?
