# syntax_error_pipe: a differential test (syntax), compared with dash.
| echo x
