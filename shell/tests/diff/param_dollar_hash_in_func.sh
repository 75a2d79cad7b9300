# param_dollar_hash_in_func: a differential test (param), compared with dash.
f() { echo "in f: $# $1 $2"; shift; echo "after shift: $1"; }
set -- outer1 outer2
f x y z
echo "outer: $1 $#"
