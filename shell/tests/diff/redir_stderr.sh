# redir_stderr: a differential test (redir), compared with dash.
echo to-err >&2 2>/dev/null
{ echo out; echo err >&2; } 2>&1
{ echo out; echo err >&2; } 2>/dev/null
