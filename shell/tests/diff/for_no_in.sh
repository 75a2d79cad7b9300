# for_no_in: a differential test (for), compared with dash.
set -- x y z
for i; do echo $i; done
for i
do
  echo again $i
done
