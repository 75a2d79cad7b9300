# control_and_or_newline: a differential test (control), compared with dash.
true &&
echo next-line
false ||
echo or-next
