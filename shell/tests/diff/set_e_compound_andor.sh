# set_e_compound_andor: a differential test (set), compared with dash.
set -e
{ false && true; }
echo survived
