# export_p: a differential test (export), compared with dash.
export ZZTESTVAR='a b'
export -p | grep ZZTESTVAR
