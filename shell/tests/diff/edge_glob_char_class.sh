# edge_glob_char_class: a differential test (edge), compared with dash.
touch A1 b2 c_
echo [[:upper:]]*
echo *[[:digit:]]
echo *[!a-z0-9]
