# misc_colon_redirect_creates: a differential test (misc), compared with dash.
: > created
ls created
