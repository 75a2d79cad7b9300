# quote_backslash: a differential test (quote), compared with dash.
echo \$x \"a\" \\ \a
echo a\ b
echo \'
