# builtin_type_multiple: a differential test (builtin), compared with dash.
type true false
