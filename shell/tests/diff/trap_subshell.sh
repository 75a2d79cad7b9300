# trap_subshell: a differential test (trap), compared with dash.
trap 'echo parent' EXIT
(echo in subshell)
echo end
