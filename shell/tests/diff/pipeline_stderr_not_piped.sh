# pipeline_stderr_not_piped: a differential test (pipeline), compared with dash.
{ echo out; echo err >&2; } 2>/dev/null | cat
