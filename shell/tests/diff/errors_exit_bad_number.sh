# errors_exit_bad_number: a differential test (errors), compared with dash.
exit abc
