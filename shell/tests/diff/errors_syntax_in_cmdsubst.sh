# errors_syntax_in_cmdsubst: a differential test (errors), compared with dash.
x=$(if)
echo after
