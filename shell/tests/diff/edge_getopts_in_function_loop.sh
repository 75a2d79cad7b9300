# edge_getopts_in_function_loop: a differential test (edge), compared with dash.
parse() {
  OPTIND=1
  while getopts 'x:y' o "$@"; do
    case $o in x) echo "x=$OPTARG";; y) echo y;; *) echo bad;; esac
  done
  shift $((OPTIND-1))
  echo "rest: $*"
}
parse -x 1 -y a b
parse -y -- -x
