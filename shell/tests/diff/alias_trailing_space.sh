# alias_trailing_space: a differential test (alias), compared with dash.
alias run='echo running '
alias thing='THING'
run thing
