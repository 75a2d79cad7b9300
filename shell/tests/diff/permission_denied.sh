# permission_denied: a differential test (permission), compared with dash.
echo 'echo hi' > script
chmod -x script
./script
echo status $?
