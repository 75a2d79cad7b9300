# func_return: a differential test (func), compared with dash.
f() { return 5; echo no; }
f; echo $?
g() { false; }
g; echo $?
h() { true; return; }
h; echo $?
