# control_if_pipeline_cond: a differential test (control), compared with dash.
if echo x | grep -q x; then echo found; fi
if ! echo x | grep -q y; then echo notfound; fi
