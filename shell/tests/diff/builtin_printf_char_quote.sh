# builtin_printf_char_quote: a differential test (builtin), compared with dash.
printf '%d\n' "'a" '"b'
