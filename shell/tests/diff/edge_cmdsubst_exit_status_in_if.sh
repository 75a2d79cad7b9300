# edge_cmdsubst_exit_status_in_if: a differential test (edge), compared with dash.
if x=$(false); then echo yes; else echo no; fi
if x=$(true); then echo yes; else echo no; fi
