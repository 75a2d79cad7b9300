# edge_dq_in_brace_word: a differential test (edge), compared with dash.
x=
echo "${x:-"quoted default"}"
echo "${x:-a"b"c}"
echo ${x:-"a  b"}
