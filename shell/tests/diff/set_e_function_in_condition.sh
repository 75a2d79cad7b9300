# set_e_function_in_condition: a differential test (set), compared with dash.
set -e
f() { false; echo in-f; }
if f; then echo yes; fi
echo end
