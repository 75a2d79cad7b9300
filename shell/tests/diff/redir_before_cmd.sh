# redir_before_cmd: a differential test (redir), compared with dash.
> f echo first
cat f
2>/dev/null >g echo second
cat g
