# errors_not_executable_dir: a differential test (errors), compared with dash.
/
echo $?
