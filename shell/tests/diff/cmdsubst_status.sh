# cmdsubst_status: a differential test (cmdsubst), compared with dash.
x=$(exit 3)
echo $?
x=$(false) || echo failed
