# expand_star_unquoted_empty_ifs: a differential test (expand), compared with dash.
set -- "a b" c
IFS=
for i in $*; do echo "[$i]"; done
for i in $@; do echo "[$i]"; done
