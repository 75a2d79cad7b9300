# printf_error: a differential test (printf), compared with dash.
printf '%d\n' notanumber
echo status $?
