# redir_compound: a differential test (redir), compared with dash.
{ echo one; echo two; } > f
cat f
for i in 1 2; do echo $i; done > g
cat g
if true; then echo yes; fi > h
cat h
while read l; do echo "got $l"; done < f
