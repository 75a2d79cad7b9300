# edge_alias_chain: a differential test (edge), compared with dash.
alias a1='a2 x'
alias a2='echo'
a1 y
