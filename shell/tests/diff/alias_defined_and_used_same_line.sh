# alias_defined_and_used_same_line: a differential test (alias), compared with dash.
alias sameline='echo x'; sameline 2>/dev/null || echo not-yet
sameline
