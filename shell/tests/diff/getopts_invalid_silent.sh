# getopts_invalid_silent: a differential test (getopts), compared with dash.
set -- -x -a
while getopts :a o; do echo "o=$o OPTARG=${OPTARG-}"; done
