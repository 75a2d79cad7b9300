# while_break_continue: a differential test (while), compared with dash.
i=0
while true; do
  i=$((i+1))
  [ $i -eq 2 ] && continue
  [ $i -gt 4 ] && break
  echo $i
done
