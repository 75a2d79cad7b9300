# errors_in_dot_file: a differential test (errors), compared with dash.
printf 'echo first\nif\n' > bad.sh
. ./bad.sh
echo notreached
