# param_at_empty: a differential test (param), compared with dash.
set --
for x in "$@"; do echo "never"; done
echo "[$@]" "[$*]"
set -- "$@"
echo $#
