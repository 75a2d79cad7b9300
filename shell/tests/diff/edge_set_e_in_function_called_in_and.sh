# edge_set_e_in_function_called_in_and: a differential test (edge), compared with dash.
set -e
f() { false; echo still-in-f; }
f && echo and-ran
echo end
