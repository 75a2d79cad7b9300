# quote_dollar_single: a differential test (quote), compared with dash.
echo "$"
echo $
echo "a$"
echo 'a$'
