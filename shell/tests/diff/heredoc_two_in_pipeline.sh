# heredoc_two_in_pipeline: a differential test (heredoc), compared with dash.
cat <<A | cat - /dev/null
first
A
