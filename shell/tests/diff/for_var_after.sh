# for_var_after: a differential test (for), compared with dash.
for v in 1 2 3; do :; done
echo $v
