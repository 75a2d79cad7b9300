# quoting_hash_in_word: a differential test (quoting), compared with dash.
echo a#b 'c#d' "e#f" #comment
