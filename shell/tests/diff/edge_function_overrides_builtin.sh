# edge_function_overrides_builtin: a differential test (edge), compared with dash.
cd() { echo "no cd for you"; }
cd /
unset -f cd
cd / && pwd
