# dot_source: a differential test (dot), compared with dash.
echo 'sourced_var=yes; echo in sourced' > inc.sh
. ./inc.sh
echo $sourced_var
