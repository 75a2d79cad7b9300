# set_e_in_subshell_cmdsubst: a differential test (set), compared with dash.
set -e
x=$(false; echo still)
echo "[$x]"
