# alias_basic: a differential test (alias), compared with dash.
alias hi='echo hello'
hi there
alias ll='echo ll:'
ll x
unalias hi
hi 2>/dev/null || echo gone
