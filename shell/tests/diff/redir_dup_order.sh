# redir_dup_order: a differential test (redir), compared with dash.
{ echo a; echo b >&2; } > f 2>&1
cat f
{ echo c; echo d >&2; } 2>&1 > g
echo --
cat g
