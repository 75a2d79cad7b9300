# syntax_error_late_line: a differential test (syntax), compared with dash.
echo line1
echo line2
echo line3
fi
echo after
