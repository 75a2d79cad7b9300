# printf_basic: a differential test (printf), compared with dash.
printf '%s\n' hello
printf '%s-%s\n' a b c d
printf '%d %i\n' 42 -7
printf '%5s|%-5s|\n' ab cd
printf '%x %X %o\n' 255 255 8
printf 'no newline'
printf '\n'
