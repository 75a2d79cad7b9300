# set_e_conditions: a differential test (set), compared with dash.
set -e
if false; then echo no; fi
false || echo or-ok
false && echo no
! true
while false; do :; done
echo survived
