# expand_default_with_at: a differential test (expand), compared with dash.
set -- a b
echo ${1+"$@"}
set --
echo "[${1+"$@"}]"
