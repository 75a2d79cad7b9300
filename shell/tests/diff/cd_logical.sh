# cd_logical: a differential test (cd), compared with dash.
mkdir -p real/sub
ln -s real link
cd link/sub
pwd | sed 's,.*/\([^/]*/[^/]*\)$,\1,'
cd ..
pwd | sed 's,.*/,,'
cd -P .
pwd | sed 's,.*/,,'
