# set_plus_o_output: a differential test (set), compared with dash.
set +o | grep -E 'errexit|noglob'
