# cmdsubst_nested: a differential test (cmdsubst), compared with dash.
echo $(echo $(echo $(echo deep)))
echo `echo \`echo inner\``
