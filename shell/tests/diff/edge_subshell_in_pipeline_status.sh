# edge_subshell_in_pipeline_status: a differential test (edge), compared with dash.
(exit 1) | (exit 2)
echo $?
