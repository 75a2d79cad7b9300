# misc_equals_in_args: a differential test (misc), compared with dash.
echo a=b c==d
export E1=a=b
echo $E1
