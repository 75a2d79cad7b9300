# basic_semicolons: a differential test (basic), compared with dash.
echo a; echo b ; echo c
