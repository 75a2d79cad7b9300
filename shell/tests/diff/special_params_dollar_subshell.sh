# special_params_dollar_subshell: a differential test (special), compared with dash.
a=$$
b=$( echo $$ )
[ "$a" = "$b" ] && echo same-pid
