# command_bypass_func: a differential test (command), compared with dash.
echo() { printf 'func\n'; }
echo test
command echo real
unset -f echo
