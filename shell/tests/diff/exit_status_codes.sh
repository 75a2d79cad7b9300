# exit_status_codes: a differential test (exit), compared with dash.
(exit 0); echo $?
(exit 1); echo $?
(exit 255); echo $?
(exit 256); echo $?
sh -c 'exit 42'; echo $?
