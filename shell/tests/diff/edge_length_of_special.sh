# edge_length_of_special: a differential test (edge), compared with dash.
set -- aa bbb
echo ${#1} ${#2}
x=$?
echo ${#x}
