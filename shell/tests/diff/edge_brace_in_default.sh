# edge_brace_in_default: a differential test (edge), compared with dash.
x=
echo ${x:-\}} "${x:-\}}"
echo ${x:-{a\}}
