# pipeline_bang_space: a differential test (pipeline), compared with dash.
! true | false
echo $?
