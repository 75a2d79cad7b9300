# set_a_allexport: a differential test (set), compared with dash.
set -a
AEXP=yes
sh -c 'echo child: $AEXP'
