# arith_syntax_error: a differential test (arith), compared with dash.
echo $((1 +))
echo after
