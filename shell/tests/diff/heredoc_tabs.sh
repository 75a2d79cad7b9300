# heredoc_tabs: a differential test (heredoc), compared with dash.
cat <<-EOF
	tabbed
		double
	EOF
echo done
