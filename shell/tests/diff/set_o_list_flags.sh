# set_o_list_flags: a differential test (set), compared with dash.
set -e
case $- in *e*) echo has-e;; esac
set +e
case $- in *e*) echo still;; *) echo no-e;; esac
set -o noglob
case $- in *f*) echo has-f;; esac
