# edge_glob_hidden_and_dots: a differential test (edge), compared with dash.
touch .h1 v1
echo .*
echo *
echo ./*
