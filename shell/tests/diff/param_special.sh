# param_special: a differential test (param), compared with dash.
echo $0 | sed 's,.*/,,'
echo $#
set -- x
echo $# $1
echo ${?}
f() { echo $#; }
f a b c
