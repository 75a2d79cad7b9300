# for_basic: a differential test (for), compared with dash.
for i in a b c; do echo $i; done
for i in; do echo never; done
echo done
