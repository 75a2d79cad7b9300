# cd_dash_oldpwd: a differential test (cd), compared with dash.
cd /tmp
cd /
cd - > /dev/null
pwd
echo $OLDPWD
