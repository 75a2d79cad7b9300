# notfound_path: a differential test (notfound), compared with dash.
./no_such_file
echo status $?
