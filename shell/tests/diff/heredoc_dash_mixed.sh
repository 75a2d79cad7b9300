# heredoc_dash_mixed: a differential test (heredoc), compared with dash.
cat <<-X
	a
	  b
c
	X
