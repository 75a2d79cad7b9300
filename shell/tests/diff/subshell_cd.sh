# subshell_cd: a differential test (subshell), compared with dash.
cd /
(cd /tmp && pwd)
pwd
