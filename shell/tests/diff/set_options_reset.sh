# set_options_reset: a differential test (set), compared with dash.
set -eu
set +eu
echo $undefined_ok
false
echo survived
