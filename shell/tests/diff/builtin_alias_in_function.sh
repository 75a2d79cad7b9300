# builtin_alias_in_function: a differential test (builtin), compared with dash.
alias say='echo said'
f() { say it; }
f
