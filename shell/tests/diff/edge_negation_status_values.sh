# edge_negation_status_values: a differential test (edge), compared with dash.
! (exit 5); echo $?
! true; echo $?
