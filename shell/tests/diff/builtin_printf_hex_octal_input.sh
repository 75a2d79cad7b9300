# builtin_printf_hex_octal_input: a differential test (builtin), compared with dash.
printf '%d %d %d\n' 0x10 010 -3
