# test_files: a differential test (test), compared with dash.
touch f
mkdir d
[ -e f ] && echo e
[ -f f ] && echo f
[ -d d ] && echo d
[ -f d ] || echo notf
[ -s f ] || echo empty
echo x > f
[ -s f ] && echo nonempty
[ -r f ] && echo r
[ -e nonexist ] || echo nonexist
