# syntax_error_done: a differential test (syntax), compared with dash.
for i in a; do echo $i; done done
