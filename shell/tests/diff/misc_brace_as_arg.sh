# misc_brace_as_arg: a differential test (misc), compared with dash.
echo { } {x}
