# misc_reserved_after_semicolon: a differential test (misc), compared with dash.
echo x; if true; then echo y; fi
