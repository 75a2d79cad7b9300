# builtin_true_false_args: a differential test (builtin), compared with dash.
true ignored args; echo $?
false ignored args; echo $?
