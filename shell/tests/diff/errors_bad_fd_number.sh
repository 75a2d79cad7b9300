# errors_bad_fd_number: a differential test (errors), compared with dash.
echo hi >&abc
echo $?
