# syntax_error_unexpected_then: a differential test (syntax), compared with dash.
then echo x
