# pipeline_builtin_in_pipe: a differential test (pipeline), compared with dash.
echo hi | read x; echo "[$x]"
echo ok | while read y; do echo "got $y"; done
