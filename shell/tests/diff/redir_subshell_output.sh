# redir_subshell_output: a differential test (redir), compared with dash.
(echo a; echo b) > f
wc -l < f
