# special_params_positional_many: a differential test (special), compared with dash.
set -- a b c d e f g h i j k
echo $10 ${10} ${11}
