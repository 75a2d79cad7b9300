# basic_not: a differential test (basic), compared with dash.
! true; echo $?
! false; echo $?
! { false; }; echo $?
