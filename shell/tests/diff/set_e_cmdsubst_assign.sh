# set_e_cmdsubst_assign: a differential test (set), compared with dash.
set -e
x=$(false)
echo notreached
