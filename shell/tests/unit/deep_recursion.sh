# runaway recursion ends in an error, not a crash; long lists and deep nesting are fine
x=$(printf 'true; %.0s' $(seq 1 100000))
eval "$x echo long list ran"
f() { if [ $1 -lt 2000 ]; then f $(($1 + 1)); else echo "depth $1"; fi; }
f 0
g() { g; }
(g)
echo "runaway recursion: status $?"
