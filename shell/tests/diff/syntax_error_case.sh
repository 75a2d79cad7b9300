# syntax_error_case: a differential test (syntax), compared with dash.
case x in
