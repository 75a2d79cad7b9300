# control_semicolon_newlines: a differential test (control), compared with dash.
for i in 1 2; do
echo $i;
done;
if true;
then echo t;
fi
