# test_strings: a differential test (test), compared with dash.
[ abc = abc ] && echo eq
[ abc != abd ] && echo ne
[ -n "x" ] && echo n
[ -z "" ] && echo z
[ "" ] || echo emptyfalse
[ x ] && echo nonempty
test a = b || echo notequal
