# builtin_command_special: a differential test (builtin), compared with dash.
command : && echo colon
command true && echo true
