# expand_nested_default_quotes: a differential test (expand), compared with dash.
unset a
echo "${a:-"x y"}"
echo ${a:-"x  y"}
echo "${a:-'q'}"
