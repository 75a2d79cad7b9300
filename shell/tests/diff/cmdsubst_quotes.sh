# cmdsubst_quotes: a differential test (cmdsubst), compared with dash.
echo "$(echo "quoted  spaces")"
echo $(echo "unquoted  spaces")
echo "$(echo 'a b' | tr a-z A-Z)"
