# expand_at_in_word_splitting: a differential test (expand), compared with dash.
set -- "1 2" 3
x="$@"
echo "$x"
