# param_default: a differential test (param), compared with dash.
unset u
e=
s=set
echo ${u-def} ${u:-def} "[${e-def}]" ${e:-def} ${s-def} ${s:-def}
