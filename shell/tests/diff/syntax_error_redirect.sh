# syntax_error_redirect: a differential test (syntax), compared with dash.
echo >
