# cmdsubst_bq_backslash: a differential test (cmdsubst), compared with dash.
echo `echo '\$x'`
echo "`echo \"dq\"`"
