# misc_empty_command_status: a differential test (misc), compared with dash.
false
true ; ;
