# expand_cmdsubst_in_default: a differential test (expand), compared with dash.
unset u
echo ${u:-$(echo computed)}
