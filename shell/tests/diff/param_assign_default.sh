# param_assign_default: a differential test (param), compared with dash.
unset u
echo ${u=assigned} $u
e=
echo ${e:=filled} $e
