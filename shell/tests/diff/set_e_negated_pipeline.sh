# set_e_negated_pipeline: a differential test (set), compared with dash.
set -e
! false
echo after-negation
