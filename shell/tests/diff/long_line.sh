# long_line: a differential test (long), compared with dash.
x=$(i=0; while [ $i -lt 3000 ]; do printf 'abcdefghij'; i=$((i+1)); done)
echo ${#x}
