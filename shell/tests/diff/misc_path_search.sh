# misc_path_search: a differential test (misc), compared with dash.
PATH=/nonexistent
ls 2>/dev/null
echo $?
PATH=/usr/bin:/bin
