# script_no_shebang: a differential test (script), compared with dash.
echo 'echo from script $1' > s
chmod +x s
./s arg
