# edge_set_e_pipeline_last: a differential test (edge), compared with dash.
set -e
false | true
echo survived-pipe
true | false
echo notreached
