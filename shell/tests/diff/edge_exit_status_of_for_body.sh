# edge_exit_status_of_for_body: a differential test (edge), compared with dash.
for i in 1 2; do false; done; echo $?
for i in; do false; done; echo $?
