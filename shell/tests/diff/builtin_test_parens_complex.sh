# builtin_test_parens_complex: a differential test (builtin), compared with dash.
[ \( 1 -eq 1 -o 1 -eq 2 \) -a ! 2 -eq 3 ] && echo complex
