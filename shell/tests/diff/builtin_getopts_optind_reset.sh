# builtin_getopts_optind_reset: a differential test (builtin), compared with dash.
f() {
  OPTIND=1
  while getopts a: o; do echo "$o=$OPTARG"; done
}
f -a 1
f -a 2
