# misc_long_pipeline_status: a differential test (misc), compared with dash.
true | true | true | false
echo $?
