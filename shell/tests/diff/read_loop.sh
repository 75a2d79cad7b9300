# read_loop: a differential test (read), compared with dash.
printf 'l1\nl2\nl3\n' | while read l; do echo "got $l"; done
