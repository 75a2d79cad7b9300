# misc_exec_nonexistent_status: a differential test (misc), compared with dash.
exec /nonexistent/cmd
