# builtin_shift_in_loop: a differential test (builtin), compared with dash.
set -- 1 2 3 4
while [ $# -gt 0 ]; do echo $1; shift; done
