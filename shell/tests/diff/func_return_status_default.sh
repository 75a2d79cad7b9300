# func_return_status_default: a differential test (func), compared with dash.
f() { false; return; }
f; echo $?
