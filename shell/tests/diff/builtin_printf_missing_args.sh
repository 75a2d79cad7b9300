# builtin_printf_missing_args: a differential test (builtin), compared with dash.
printf '%s|%s|%d\n' only
printf '%s\n'
