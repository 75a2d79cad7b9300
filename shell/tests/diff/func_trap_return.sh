# func_trap_return: a differential test (func), compared with dash.
f() { trap 'echo in trap' USR1; kill -USR1 $$; echo after kill; }
f
