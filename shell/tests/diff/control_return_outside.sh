# control_return_outside: a differential test (control), compared with dash.
f() { return 4; }
f
echo $?
