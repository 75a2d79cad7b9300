# background_status_no_wait: a differential test (background), compared with dash.
false &
echo $?
