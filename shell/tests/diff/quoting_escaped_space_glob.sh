# quoting_escaped_space_glob: a differential test (quoting), compared with dash.
touch 'a b'
echo a\ *
