# redir_noclobber_append: a differential test (redir), compared with dash.
set -C
echo a > f
echo b >> f
cat f
