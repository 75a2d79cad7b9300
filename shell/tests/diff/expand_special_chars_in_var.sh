# expand_special_chars_in_var: a differential test (expand), compared with dash.
x='$HOME `date` $(echo no)'
echo "$x"
echo $x
