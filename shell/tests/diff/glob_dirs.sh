# glob_dirs: a differential test (glob), compared with dash.
mkdir -p d1/s d2/s
touch d1/s/f d2/s/g
echo */s/*
echo d*/
