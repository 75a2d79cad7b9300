# quoting_special_chars: a differential test (quoting), compared with dash.
echo '|&;<>()$`\"' "'"
