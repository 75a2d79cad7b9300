# tilde_basic: a differential test (tilde), compared with dash.
HOME=/home/test
echo ~ ~/dir "~" '~' ~x/no 2>/dev/null
x=~
echo $x
y=a:~/b
echo $y
