# edge_printf_percent_at_end: a differential test (edge), compared with dash.
printf 'a%%\n'
