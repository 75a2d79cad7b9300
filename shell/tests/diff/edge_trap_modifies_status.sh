# edge_trap_modifies_status: a differential test (edge), compared with dash.
trap 'echo trap; false' EXIT
true
