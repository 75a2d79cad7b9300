# misc_keyword_quoted: a differential test (misc), compared with dash.
'if' 2>/dev/null; echo $?
