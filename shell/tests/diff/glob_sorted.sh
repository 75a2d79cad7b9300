# glob_sorted: a differential test (glob), compared with dash.
touch C b a B A c
echo *
