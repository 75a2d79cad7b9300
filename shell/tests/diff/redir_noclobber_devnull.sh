# redir_noclobber_devnull: a differential test (redir), compared with dash.
set -C
echo ok > /dev/null
echo status $?
