# errors_bad_subst_unclosed: a differential test (errors), compared with dash.
echo ${x
