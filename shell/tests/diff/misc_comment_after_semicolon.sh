# misc_comment_after_semicolon: a differential test (misc), compared with dash.
echo a;# comment
echo b
