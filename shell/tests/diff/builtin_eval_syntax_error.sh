# builtin_eval_syntax_error: a differential test (builtin), compared with dash.
eval 'if then'
echo notreached
