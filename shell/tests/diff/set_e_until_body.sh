# set_e_until_body: a differential test (set), compared with dash.
set -e
until true; do :; done
echo fine
