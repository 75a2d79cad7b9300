# set_v_verbose: a differential test (set), compared with dash.
set -v
echo verbose
