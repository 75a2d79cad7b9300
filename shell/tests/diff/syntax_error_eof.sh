# syntax_error_eof: a differential test (syntax), compared with dash.
if true; then
echo x
