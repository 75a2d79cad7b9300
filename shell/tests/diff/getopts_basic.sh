# getopts_basic: a differential test (getopts), compared with dash.
set -- -a -b val -c file
while getopts ab:c opt; do
  echo "opt=$opt arg=${OPTARG-none}"
done
shift $((OPTIND - 1))
echo "rest: $@"
