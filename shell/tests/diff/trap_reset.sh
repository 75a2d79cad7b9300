# trap_reset: a differential test (trap), compared with dash.
trap 'echo t' USR1
trap - USR1
trap
echo listed
