# set_positional: a differential test (set), compared with dash.
set -- a b c
echo $# $@
set --
echo $#
set -- -x
echo $1
