# expand_tilde_in_default: a differential test (expand), compared with dash.
HOME=/homedir
unset u
echo ${u:-~}
echo ${u:-~/x}
