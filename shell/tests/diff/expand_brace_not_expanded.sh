# expand_brace_not_expanded: a differential test (expand), compared with dash.
echo {a,b} a{1..3}
