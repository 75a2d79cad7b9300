# builtin_read_empty_line: a differential test (builtin), compared with dash.
printf '\n' | { read x; echo "$? [$x]"; }
