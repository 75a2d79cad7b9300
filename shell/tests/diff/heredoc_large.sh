# heredoc_large: a differential test (heredoc), compared with dash.
i=0
{
while [ $i -lt 300 ]; do
echo "cat <<EOF"
echo "line $i of a fairly long heredoc body to make it bigger than a pipe buffer maybe"
i=$((i+1))
done
} > /dev/null
x=$(i=0; while [ $i -lt 2000 ]; do echo "row $i"; i=$((i+1)); done)
cat <<EOF | wc -l
$x
EOF
