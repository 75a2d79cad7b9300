# builtin_test_file_types: a differential test (builtin), compared with dash.
mkdir d; touch f; ln -s f l; mkfifo p
[ -d d ] && echo dir
[ -f f ] && echo file
[ -h l ] && echo link
[ -L l ] && echo link2
[ -p p ] && echo fifo
[ -e l ] && echo exists
