# errors_cd_no_arg_home_unset: a differential test (errors), compared with dash.
unset HOME
cd
echo $?
