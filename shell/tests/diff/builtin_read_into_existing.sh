# builtin_read_into_existing: a differential test (builtin), compared with dash.
x=old
echo new | { read x; echo $x; }
echo $x
