# misc_assignment_only_status: a differential test (misc), compared with dash.
false
x=1
echo $?
x=$(exit 4)
echo $?
