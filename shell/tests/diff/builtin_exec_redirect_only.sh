# builtin_exec_redirect_only: a differential test (builtin), compared with dash.
exec 2>/dev/null
ls /nonexistent_zzz
echo status-shown $?
