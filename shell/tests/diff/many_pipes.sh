# many_pipes: a differential test (many), compared with dash.
echo start | cat | cat | cat | cat | cat | cat | cat | cat | tr a-z A-Z
