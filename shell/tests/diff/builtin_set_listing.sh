# builtin_set_listing: a differential test (builtin), compared with dash.
ZZSET='a b'
set | grep '^ZZSET='
