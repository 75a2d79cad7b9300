# edge_cd_dash_prints: a differential test (edge), compared with dash.
cd /tmp
cd /
cd -
