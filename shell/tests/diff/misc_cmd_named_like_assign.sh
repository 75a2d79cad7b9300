# misc_cmd_named_like_assign: a differential test (misc), compared with dash.
'a=b' 2>/dev/null
echo $?
