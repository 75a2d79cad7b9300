# set_dashdash_reset: a differential test (set), compared with dash.
set -- a b
set --
echo $#
