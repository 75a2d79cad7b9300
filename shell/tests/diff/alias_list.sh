# alias_list: a differential test (alias), compared with dash.
alias a1='echo 1' a2='echo two words'
alias
alias a1
