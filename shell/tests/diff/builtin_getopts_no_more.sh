# builtin_getopts_no_more: a differential test (builtin), compared with dash.
set -- file
getopts a o
echo "$? $o $OPTIND"
