# basic_linecont: a differential test (basic), compared with dash.
echo a\
b
echo "c\
d"
ec\
ho joined
