# expand_hash_ops_on_special: a differential test (expand), compared with dash.
set -- one two three
echo ${#@} ${#*}
x=${1%e}
echo $x
