# func_in_pipeline: a differential test (func), compared with dash.
f() { echo piped; }
f | tr a-z A-Z
