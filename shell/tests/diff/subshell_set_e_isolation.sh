# subshell_set_e_isolation: a differential test (subshell), compared with dash.
( set -e; false; echo notreached )
echo parent $?
