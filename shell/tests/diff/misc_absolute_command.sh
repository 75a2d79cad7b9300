# misc_absolute_command: a differential test (misc), compared with dash.
/bin/echo absolute
