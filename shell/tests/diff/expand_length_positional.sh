# expand_length_positional: a differential test (expand), compared with dash.
set -- hello world
echo ${#1} ${#2} ${#}
