# edge_set_e_with_command_subst_in_arg: a differential test (edge), compared with dash.
set -e
echo $(false) survived
