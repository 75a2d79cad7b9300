# builtin_cd_dotdot_root: a differential test (builtin), compared with dash.
cd /
cd ..
pwd
