# redir_nested_group: a differential test (redir), compared with dash.
{ { echo inner; } > a; echo outer; } > b
cat a b
