# pipeline_exit_in_middle: a differential test (pipeline), compared with dash.
echo a | (read x; exit 3) | cat
echo $?
