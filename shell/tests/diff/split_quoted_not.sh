# split_quoted_not: a differential test (split), compared with dash.
x="a b"
set -- "$x"
echo $#
set -- $x
echo $#
