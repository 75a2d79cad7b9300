# edge_trim_whole: a differential test (edge), compared with dash.
x=abc
echo "[${x#abc}]" "[${x%abc}]" "[${x##*}]" "[${x%%*}]"
