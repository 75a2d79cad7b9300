# param_prefix_suffix: a differential test (param), compared with dash.
f=/usr/local/lib/libfoo.so.1
echo ${f#*/} ${f##*/} ${f%/*} ${f%%.*} ${f%.*}
echo ${f#nomatch} ${f%nomatch}
