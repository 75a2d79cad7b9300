# redir_out_in: a differential test (redir), compared with dash.
echo hello > f
cat < f
echo more >> f
cat f
