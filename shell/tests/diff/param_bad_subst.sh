# param_bad_subst: a differential test (param), compared with dash.
echo start
echo ${x!y}
echo end
