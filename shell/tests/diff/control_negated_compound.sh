# control_negated_compound: a differential test (control), compared with dash.
! if false; then :; else false; fi
echo $?
