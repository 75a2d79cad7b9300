# heredoc_with_tabs_no_dash: a differential test (heredoc), compared with dash.
cat <<EOF
	keeps tab
EOF
