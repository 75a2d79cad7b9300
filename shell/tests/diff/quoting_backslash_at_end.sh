# quoting_backslash_at_end: a differential test (quoting), compared with dash.
echo abc\\
echo 'x\'
