# if_status: a differential test (if), compared with dash.
if false; then :; fi; echo $?
if true; then false; fi; echo $?
