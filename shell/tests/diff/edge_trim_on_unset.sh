# edge_trim_on_unset: a differential test (edge), compared with dash.
unset u
echo "[${u#a}]" "[${u%b}]"
