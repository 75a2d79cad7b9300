# param_error_unset: a differential test (param), compared with dash.
unset u
echo before
echo ${u?custom message}
echo after
