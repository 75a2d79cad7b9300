# basic_comment: a differential test (basic), compared with dash.
echo a # comment here
# full line comment
echo b#notcomment
echo '#quoted'
