# expand_empty_at_with_prefix: a differential test (expand), compared with dash.
set --
for w in x"$@"; do echo "<$w>"; done
