# func_name_same_as_cmd: a differential test (func), compared with dash.
ls() { echo fake-ls; }
ls
command ls /dev/null
