# background_output_order: a differential test (background), compared with dash.
echo first
(sleep 0.1; echo third) &
echo second
wait
