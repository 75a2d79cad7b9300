# expand_question_in_cmdsubst: a differential test (expand), compared with dash.
false
echo $(echo $?)
x=$(false); echo $?
