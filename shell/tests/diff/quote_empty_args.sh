# quote_empty_args: a differential test (quote), compared with dash.
set -- "" a ""
echo $#
for i in "$@"; do echo "[$i]"; done
