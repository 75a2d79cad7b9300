# redir_clobber: a differential test (redir), compared with dash.
echo one > f
set -C
echo two > f
echo status $?
echo three >| f
cat f
