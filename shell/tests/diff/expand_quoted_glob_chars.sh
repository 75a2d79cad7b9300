# expand_quoted_glob_chars: a differential test (expand), compared with dash.
touch ab
echo "a"*
echo 'a'?
echo a'*'
