# long_args: a differential test (long), compared with dash.
x=""
i=0
while [ $i -lt 500 ]; do x="$x word$i"; i=$((i+1)); done
set -- $x
echo $#
echo ${500}
