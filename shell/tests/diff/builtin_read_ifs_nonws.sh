# builtin_read_ifs_nonws: a differential test (builtin), compared with dash.
printf 'a,,b\n' | { IFS=, read x y z; echo "[$x][$y][$z]"; }
