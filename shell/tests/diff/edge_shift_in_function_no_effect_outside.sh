# edge_shift_in_function_no_effect_outside: a differential test (edge), compared with dash.
set -- a b c
f() { shift; echo $#; }
f x y
echo $#
