# param_error_null: a differential test (param), compared with dash.
e=
(echo ${e:?}) 2>&1 | sed 's/^[^:]*: [0-9]*: //'
echo ${e?} ok
