# control_for_empty_expansion: a differential test (control), compared with dash.
e=
for x in $e; do echo never; done
echo empty-ok
