# builtin_hash: a differential test (builtin), compared with dash.
hash ls && echo hashed
hash nonexistent_cmd_zz
echo $?
