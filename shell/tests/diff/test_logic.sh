# test_logic: a differential test (test), compared with dash.
[ 1 = 1 -a 2 = 2 ] && echo and
[ 1 = 2 -o 2 = 2 ] && echo or
[ ! 1 = 2 ] && echo not
[ \( 1 = 1 \) ] && echo paren
test ! && echo bang-nonempty
test -n && echo n-alone
