# param_alt: a differential test (param), compared with dash.
unset u
e=
s=set
echo "[${u+alt}]" "[${e+alt}]" "[${e:+alt}]" "[${s:+alt}]"
