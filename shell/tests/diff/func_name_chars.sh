# func_name_chars: a differential test (func), compared with dash.
my_func2() { echo ok; }
my_func2
