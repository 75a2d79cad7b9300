# heredoc_delim_with_spaces: a differential test (heredoc), compared with dash.
cat <<"END MARK"
body
END MARK
