# command_v: a differential test (command), compared with dash.
command -v cd
command -v sh_nonexistent_cmd || echo missing
f() { :; }
command -v f
alias al='echo'
command -v al
command -v if
