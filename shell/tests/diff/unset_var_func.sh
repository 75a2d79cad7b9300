# unset_var_func: a differential test (unset), compared with dash.
f=var
f() { echo func; }
unset f
echo "[${f-}]"
f
