# set_x_redirect_trace: a differential test (set), compared with dash.
set -x
echo hi > /dev/null
