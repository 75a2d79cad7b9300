# tilde_assign_colon: a differential test (tilde), compared with dash.
HOME=/h
PATHX=~/bin:~/sbin
echo $PATHX
echo a:~/x
