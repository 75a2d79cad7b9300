# basic_empty_lines: a differential test (basic), compared with dash.


echo after blank lines

