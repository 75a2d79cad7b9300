# set_e_subshell: a differential test (set), compared with dash.
set -e
(false)
echo notreached
