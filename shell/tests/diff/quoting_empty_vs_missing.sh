# quoting_empty_vs_missing: a differential test (quoting), compared with dash.
f() { echo $#; }
f "" ''
f $unset_var
f "$unset_var"
