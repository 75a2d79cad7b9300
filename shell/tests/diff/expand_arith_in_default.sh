# expand_arith_in_default: a differential test (expand), compared with dash.
unset u
echo ${u:-$((2*21))}
