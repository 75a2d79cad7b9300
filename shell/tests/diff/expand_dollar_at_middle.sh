# expand_dollar_at_middle: a differential test (expand), compared with dash.
set -- b c
for w in a"$@"d; do echo "<$w>"; done
