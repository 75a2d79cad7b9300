# quote_single: a differential test (quote), compared with dash.
echo 'a $x `b` "c" \d'
echo ''
echo 'it'\''s'
