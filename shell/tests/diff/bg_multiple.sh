# bg_multiple: a differential test (bg), compared with dash.
for i in 1 2 3; do (echo job $i > f$i) & done
wait
cat f1 f2 f3
