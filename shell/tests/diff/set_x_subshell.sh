# set_x_subshell: a differential test (set), compared with dash.
set -x
(echo sub)
x=$(echo cs)
