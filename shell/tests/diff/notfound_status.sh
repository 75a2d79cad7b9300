# notfound_status: a differential test (notfound), compared with dash.
nonexistent_command_xyz
echo status $?
