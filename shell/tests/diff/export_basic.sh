# export_basic: a differential test (export), compared with dash.
export EXPV=exported
sh -c 'echo child sees $EXPV'
NOEXP=hidden
sh -c 'echo child sees [$NOEXP]'
