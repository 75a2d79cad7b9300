# func_body_group_redirect: a differential test (func), compared with dash.
f() {
	echo line1
	echo line2
} 2>/dev/null
f | wc -l
