# builtin_printf_percent_b_escapes: a differential test (builtin), compared with dash.
printf '%b' 'tab\there\n'
printf '%b\n' '\0101'
