# arith_in_condition: a differential test (arith), compared with dash.
i=0
while [ $((i < 3)) -eq 1 ]; do i=$((i+1)); done
echo $i
