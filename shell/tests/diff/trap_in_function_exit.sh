# trap_in_function_exit: a differential test (trap), compared with dash.
f() { trap 'echo bye' EXIT; exit 2; }
f
