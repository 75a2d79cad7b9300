# func_defined_in_if: a differential test (func), compared with dash.
if true; then g() { echo g-defined; }; fi
g
