# param_pattern_class: a differential test (param), compared with dash.
v=abc123def
echo ${v%%[0-9]*} ${v##*[0-9]} ${v#[a-c]} ${v%[!a-z]*}
