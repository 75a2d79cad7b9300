# param_positional: a differential test (param), compared with dash.
set -- one two three four five six seven eight nine ten eleven
echo $1 $2 $9 ${10} ${11} $#
shift 3
echo $1 $#
