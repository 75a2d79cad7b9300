# edge_printf_backslash_c: a differential test (edge), compared with dash.
printf 'ab\ccd\n'
echo
printf '%s\c' x
echo
