# edge_unset_in_function_global: a differential test (edge), compared with dash.
v=1
f() { unset v; }
f
echo "[${v-unset}]"
