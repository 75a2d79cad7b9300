# expand_unset_vs_empty: a differential test (expand), compared with dash.
unset u
e=
echo "${u+set}" "${e+set}"
echo "${u:+set}" "${e:+set}"
