# control_pipe_newline: a differential test (control), compared with dash.
echo abc |
tr a-c A-C
