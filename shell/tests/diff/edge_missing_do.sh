# edge_missing_do: a differential test (edge), compared with dash.
while true
echo x
done
