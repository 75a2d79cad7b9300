# alias_in_eval: a differential test (alias), compared with dash.
alias ev='echo from-alias'
eval ev
