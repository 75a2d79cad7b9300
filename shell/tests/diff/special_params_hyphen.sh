# special_params_hyphen: a differential test (special), compared with dash.
set -f
case $- in *f*) echo f-set;; esac
set +f
