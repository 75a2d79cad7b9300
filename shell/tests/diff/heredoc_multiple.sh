# heredoc_multiple: a differential test (heredoc), compared with dash.
cat <<A; cat <<B
first
A
second
B
