# alias_unalias_a: a differential test (alias), compared with dash.
alias q1=a q2=b
unalias -a
alias
echo none
