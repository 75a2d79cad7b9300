# special_param_question_after_pipeline: a differential test (special), compared with dash.
true | false
echo $?
false | true
echo $?
