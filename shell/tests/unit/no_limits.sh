# no fixed limits: 20000 arguments, a 1 MB word, nesting 200 deep
set -- $(seq 1 20000)
echo "args: $# last: ${20000}"
f() { echo "in function: $#"; }
f "$@" "$@"
w=x; i=0
while [ $i -lt 20 ]; do w="$w$w"; i=$((i+1)); done
echo "word: ${#w}"
s='echo deep'; i=0
while [ $i -lt 200 ]; do s="{ $s; }"; i=$((i+1)); done
eval "$s"
s='echo subst'; i=0
while [ $i -lt 50 ]; do s="echo \$($s)"; i=$((i+1)); done
eval "$s"
