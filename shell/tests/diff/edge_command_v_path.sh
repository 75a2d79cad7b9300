# edge_command_v_path: a differential test (edge), compared with dash.
command -v sh >/dev/null && echo found-sh
command -v /bin/sh
