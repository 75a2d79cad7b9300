# expand_split_cmdsubst: a differential test (expand), compared with dash.
for w in $(printf 'a b\nc\td'); do echo "<$w>"; done
for w in "$(printf 'a b\nc')"; do echo "<$w>"; done
