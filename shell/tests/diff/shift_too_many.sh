# shift_too_many: a differential test (shift), compared with dash.
set -- 1
shift 3
echo notreached
