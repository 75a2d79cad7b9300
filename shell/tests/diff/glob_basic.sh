# glob_basic: a differential test (glob), compared with dash.
touch a1 a2 b1 .hidden
echo a*
echo *1
echo ?2
echo [ab]1
echo *
echo .h*
