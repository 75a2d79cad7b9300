# unset_basic: a differential test (unset), compared with dash.
x=1
unset x
echo "[${x-unset}]"
f() { :; }
unset -f f
command -v f || echo nofunc
