# edge_wait_specific_and_all: a differential test (edge), compared with dash.
(exit 2) & a=$!
(exit 3) & b=$!
wait $b; echo $?
wait $a; echo $?
wait; echo $?
