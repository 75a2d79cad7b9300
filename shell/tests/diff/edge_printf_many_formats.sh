# edge_printf_many_formats: a differential test (edge), compared with dash.
printf '%s %s %s\n' 1 2 3 4 5
