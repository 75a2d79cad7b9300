# func_nested_calls: a differential test (func), compared with dash.
a() { echo a-start; b; echo a-end; }
b() { echo b; }
a
