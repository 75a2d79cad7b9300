# expand_backslash_in_dq: a differential test (expand), compared with dash.
x=val
printf "%s\n" "a\\b" "\$x" "\`" "\x"
