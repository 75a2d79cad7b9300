# edge_traps_order: a differential test (edge), compared with dash.
trap 'echo usr1' USR1
trap 'echo usr2' USR2
kill -USR2 $$
kill -USR1 $$
echo end
