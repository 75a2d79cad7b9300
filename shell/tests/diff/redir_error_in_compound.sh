# redir_error_in_compound: a differential test (redir), compared with dash.
{ echo x; } > /nonexistent/f
echo status $?
