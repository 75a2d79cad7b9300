# heredoc_quoted: a differential test (heredoc), compared with dash.
x=world
cat <<'EOF'
hello $x $(echo sub)
EOF
cat <<"E"
$x
E
cat <<\E
$x
E
