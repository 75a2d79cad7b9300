# edge_continue_count_excess: a differential test (edge), compared with dash.
for i in 1 2; do
  for j in a b; do
    continue 5
    echo no
  done
  echo no2
done
echo end
