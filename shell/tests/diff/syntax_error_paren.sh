# syntax_error_paren: a differential test (syntax), compared with dash.
echo )
