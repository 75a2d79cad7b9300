# test_numbers: a differential test (test), compared with dash.
[ 1 -eq 1 ] && echo eq
[ 1 -ne 2 ] && echo ne
[ 2 -gt 1 ] && echo gt
[ 2 -ge 2 ] && echo ge
[ 1 -lt 2 ] && echo lt
[ 2 -le 1 ] || echo notle
[ -5 -lt 3 ] && echo negative
