# edge_assign_export_to_child: a differential test (edge), compared with dash.
Q=val env | grep '^Q='
echo "[${Q-unset}]"
