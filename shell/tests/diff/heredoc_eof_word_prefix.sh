# heredoc_eof_word_prefix: a differential test (heredoc), compared with dash.
cat <<EOF
EOFX
EOF
