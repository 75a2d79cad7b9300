# quote_mixed_concat: a differential test (quote), compared with dash.
a=one
echo pre"$a"post'$a'"${a}"x
