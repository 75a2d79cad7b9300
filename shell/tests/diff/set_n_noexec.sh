# set_n_noexec: a differential test (set), compared with dash.
set -n
echo not-printed
