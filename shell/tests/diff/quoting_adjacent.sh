# quoting_adjacent: a differential test (quoting), compared with dash.
echo 'a'"b"c'd'"e"
