# dot_return: a differential test (dot), compared with dash.
printf 'echo before\nreturn 3\necho after\n' > inc.sh
. ./inc.sh
echo status $?
