# echo takes -n, -e and -E; without -e backslashes are plain characters
echo 'a\tb'
echo -e 'a\tb'
echo -n no-newline
echo
echo -e 'stop\cnot printed'
echo -E 'x\ny'
echo -- -n
