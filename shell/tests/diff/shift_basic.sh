# shift_basic: a differential test (shift), compared with dash.
set -- 1 2 3 4
shift
echo $@
shift 2
echo $@
shift 0
echo $@
