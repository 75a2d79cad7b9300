# split_empty_var: a differential test (split), compared with dash.
e=
set -- $e
echo $#
set -- "$e"
echo $#
set -- $e"" 
echo $#
