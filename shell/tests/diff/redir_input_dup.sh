# redir_input_dup: a differential test (redir), compared with dash.
echo data > f
exec 4< f
read line <&4
echo $line
exec 4<&-
