# syntax_error_unterminated_quote: a differential test (syntax), compared with dash.
echo 'unterminated
