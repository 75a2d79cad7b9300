# kill_l: a differential test (kill), compared with dash.
kill -l 15
kill -l 130
