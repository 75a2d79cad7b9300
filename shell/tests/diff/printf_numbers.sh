# printf_numbers: a differential test (printf), compared with dash.
printf '%05d|%-4d|%+d\n' 42 7 5
printf '%.2f %e\n' 3.14159 1234.5
printf '%d\n' "'A"
printf '%c%c\n' hello world
