# edge_alias_with_args_and_pipe: a differential test (edge), compared with dash.
alias up='tr a-z A-Z'
echo hi | up
