# builtin_getopts_error_msg: a differential test (builtin), compared with dash.
getopts a o -z
echo "$? $o"
