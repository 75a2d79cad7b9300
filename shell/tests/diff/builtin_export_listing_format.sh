# builtin_export_listing_format: a differential test (builtin), compared with dash.
export ZZA=1
export ZZB='q u'
export -p | grep ZZ
