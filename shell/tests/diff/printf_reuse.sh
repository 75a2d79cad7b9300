# printf_reuse: a differential test (printf), compared with dash.
printf '%s=%s\n' a 1 b 2 c
