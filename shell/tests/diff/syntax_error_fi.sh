# syntax_error_fi: a differential test (syntax), compared with dash.
echo start
if true; then echo x; fi fi
echo notreached
