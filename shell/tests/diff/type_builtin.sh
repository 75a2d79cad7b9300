# type_builtin: a differential test (type), compared with dash.
type cd
type if
f() { :; }
type f
type nosuchcmd_xyz
echo $?
