# getopts_dashdash: a differential test (getopts), compared with dash.
set -- -a -- -b
while getopts ab o; do echo $o; done
echo $OPTIND
