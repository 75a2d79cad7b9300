# heredoc_quoted_backslash_newline: a differential test (heredoc), compared with dash.
cat <<'EOF'
line one \
not continued
EOF
