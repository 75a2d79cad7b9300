# colon_true_false: a differential test (colon), compared with dash.
:
echo $?
true
echo $?
false
echo $?
: ignored args $(echo sub)
echo $?
