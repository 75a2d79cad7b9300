# pipe_status: a differential test (pipe), compared with dash.
false | true
echo $?
true | false
echo $?
! false | false
echo $?
