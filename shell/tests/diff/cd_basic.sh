# cd_basic: a differential test (cd), compared with dash.
cd /tmp
pwd
cd /
pwd
cd /nonexistent_dir_xyz
echo status $?
