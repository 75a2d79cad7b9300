# edge_cd_relative_then_pwd: a differential test (edge), compared with dash.
mkdir -p a/b
cd a
cd b
pwd | sed 's,.*/a/b,/a/b,'
cd ../..
