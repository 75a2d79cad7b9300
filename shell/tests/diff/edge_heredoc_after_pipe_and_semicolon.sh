# edge_heredoc_after_pipe_and_semicolon: a differential test (edge), compared with dash.
cat <<X | tr a-z A-Z; echo after
hello
X
