# control_for_glob: a differential test (control), compared with dash.
touch z1 z2
for f in z*; do echo $f; done
