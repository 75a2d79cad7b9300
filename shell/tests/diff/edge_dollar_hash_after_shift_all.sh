# edge_dollar_hash_after_shift_all: a differential test (edge), compared with dash.
set -- a b
shift 2
echo $# "[$*]"
