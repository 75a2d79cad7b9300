# printf_b: a differential test (printf), compared with dash.
printf '%b\n' 'a\nb'
printf '%b|\n' 'x\ty'
