# errors_unmatched_brace: a differential test (errors), compared with dash.
{ echo a
