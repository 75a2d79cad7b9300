# edge_pwd_after_symlink_cd: a differential test (edge), compared with dash.
mkdir real
ln -s real sym
cd sym
pwd | sed 's,.*/,,'
pwd -P | sed 's,.*/,,'
