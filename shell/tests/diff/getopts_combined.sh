# getopts_combined: a differential test (getopts), compared with dash.
set -- -ab -cfoo bar
while getopts abc: o; do echo "$o ${OPTARG-}"; done
echo $OPTIND
