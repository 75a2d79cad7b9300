# edge_dot_with_function: a differential test (edge), compared with dash.
printf 'lib() { echo lib-func; }\n' > lib.sh
. ./lib.sh
lib
