# alias_with_semicolon: a differential test (alias), compared with dash.
alias two='echo one; echo two'
two
