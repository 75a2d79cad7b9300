# cd_home: a differential test (cd), compared with dash.
HOME=/tmp
cd
pwd
