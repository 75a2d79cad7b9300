# alias_recursive: a differential test (alias), compared with dash.
alias ls='ls -d'
ls / >/dev/null && echo ok
alias e1=e2 e2=e1
