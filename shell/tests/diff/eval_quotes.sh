# eval_quotes: a differential test (eval), compared with dash.
a='$b'
b=final
eval echo $a
eval "echo \"\$a\""
