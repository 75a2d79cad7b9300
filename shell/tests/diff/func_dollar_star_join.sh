# func_dollar_star_join: a differential test (func), compared with dash.
f() { IFS=-; echo "$*"; }
f a b c
