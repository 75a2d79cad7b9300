# misc_only_semicolon: a differential test (misc), compared with dash.
;
