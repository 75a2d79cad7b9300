# set_u_at: a differential test (set), compared with dash.
set -u
echo "$@" ok
echo $# ok
