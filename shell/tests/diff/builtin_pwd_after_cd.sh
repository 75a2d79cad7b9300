# builtin_pwd_after_cd: a differential test (builtin), compared with dash.
cd /usr
pwd
cd bin
pwd
cd ../..
pwd
