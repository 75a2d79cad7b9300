# pipeline_long: a differential test (pipeline), compared with dash.
seq 1 100 | grep 7 | sort -r | head -3 | tr '\n' ' '
echo
