# control_while_read_pipe: a differential test (control), compared with dash.
printf 'a\nb\n' | while read l; do echo "line $l"; done
