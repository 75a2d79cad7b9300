# cmdsubst_paren_in_string: a differential test (cmdsubst), compared with dash.
echo $(echo ')')
echo "$(echo "(")"
