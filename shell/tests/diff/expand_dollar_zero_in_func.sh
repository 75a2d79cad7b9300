# expand_dollar_zero_in_func: a differential test (expand), compared with dash.
f() { echo "$0" | sed 's,.*/,,'; }
f
