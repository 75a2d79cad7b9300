# builtin_printf_widths: a differential test (builtin), compared with dash.
printf '[%3d][%-3d][%03d]\n' 5 5 5
printf '[%.3s][%5.2s]\n' abcdef abcdef
printf '[%*d]\n' 4 7
