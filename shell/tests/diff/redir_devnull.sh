# redir_devnull: a differential test (redir), compared with dash.
echo gone > /dev/null
cat /dev/null
echo ok
