# builtin_kill_zero: a differential test (builtin), compared with dash.
kill -0 $$ && echo alive
