# printf_escapes: a differential test (printf), compared with dash.
printf 'a\tb\n'
printf 'oct\101\n'
printf '%%literal\n'
printf 'back\\slash\n'
