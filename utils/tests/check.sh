# utils/tests/check.sh: the command-line tools inside Ferrite, run by Ferrite's /bin/sh on
# /tmp (fsd) by utils-run (run.c). Each check runs a command line and compares everything it
# writes (stdout and stderr) with what it must write; the last line is the count.
pass=0 fail=0
t() { # t NAME EXPECTED COMMAND-LINE
	got=$(eval "$3" 2>&1)
	if [ "$got" = "$2" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		printf 'FAIL %s: %s\n--- want:\n%s\n--- got:\n%s\n' "$1" "$3" "$2" "$got"
	fi
}
w=/tmp/utils-check
rm -rf $w
mkdir $w && cd $w || { echo "utils-ferrite: 0 passed, 1 failed (no /tmp)"; exit 1; }

# files to work on
printf 'alpha\nbeta\ngamma\ndelta\n' > a
printf 'one two\nthree\n' > b

t cat-two 'alpha
beta
gamma
delta
one two
three' 'cat a b'
t cat-missing 'cat: nope: No such file or directory
st=1' 'cat nope; echo st=$?'
t cat-n '     1	one two
     2	three' 'cat -n b'
t echo-bin 'x  y' '/bin/echo x " y"'
t true-false '0 1' '/bin/true; a=$?; /bin/false; echo $a $?'
t head-n 'alpha
beta' 'head -n 2 a'
t tail-n 'gamma
delta' 'tail -n 2 a'
t tail-plus 'three' 'tail -n +2 b'
t wc ' 6  7 37 total' 'wc a b | tail -n 1'
t wc-l '4' 'wc -l < a'
t mkdir-p 'x/y/z' 'mkdir -p x/y/z && ls -d x/y/z'
t rmdir-p 'ls: x: No such file or directory' 'rmdir -p x/y/z && ls x'
t touch-ls 'a
b
n1
n2' 'touch n1 n2 && ls'
t ls-l-mode '-rw-r--r--' 'chmod 644 n1 && ls -l n1 | cut -c1-10'
t ls-F 'd/
l@
n1' 'mkdir d && ln -s n1 l && rm n2 && ls -F | grep -v "^[ab]$"'
t ls-la-dots '.
..' 'ls -a d'
t cp-file 'one two
three' 'cp b c && cat c'
t cp-r 'd2:
e
f

d2/e:
g' 'mkdir -p d/e && echo f > d/f && echo g > d/e/g && cp -r d d2 && ls -R d2'
t mv 'x' 'mv c d2/x && ls d2 | grep x'
t rm-r 'gone' 'rm -r d2 && [ ! -e d2 ] && echo gone'
t rm-missing 'rm: nope: No such file or directory
1' 'rm nope; echo $?'
t ln-s 'l2 -> a' 'ln -s a l2 && ls -l l2 | grep -o "l2 -> a"'
t ln-hard '2' 'ln a h && ls -l a | tr -s " " | cut -d " " -f 2'
t tee 'hi
hi' 'echo hi | tee t1 && cat t1'
t pwd "$w" 'pwd'
t env 'A=1' 'env -i A=1'
t uname 'Ferrite' 'uname -s'
t basename 'c
c' 'basename /a/b/c.h .h; basename /a/b/c'
t dirname '/a/b' 'dirname /a/b/c'
t yes 'y
y' 'yes | head -n 2'
t seq '1 2 3' 'seq -s " " 3'

# the second set
printf 'pear\napple\npear\nfig\n' > w
t sort 'apple
fig
pear
pear' 'sort w'
t sort-nr '10
9
1' 'printf "9\n10\n1\n" | sort -nr'
t sort-k 'b 1
a 2' 'printf "a 2\nb 1\n" | sort -k 2n'
t uniq-c '      1 apple
      1 fig
      2 pear' 'sort w | uniq -c'
t stat '644 regular file 23' 'chmod 644 a && stat -c "%a %F %s" a'
t date '2001-09-09 01:46:40' 'date -u -d @1000000000 "+%Y-%m-%d %H:%M:%S"'
t xargs 'a b c' 'printf "a\nb\nc\n" | xargs'
t xargs-n 'x
y' 'printf "x y\n" | xargs -n 1 echo'
mkdir -p f/g && : > f/g/h.c && : > f/i.txt
t find 'f
f/g
f/g/h.c
f/i.txt' 'find f'
t find-name 'f/g/h.c' 'find f -name "*.c"'
t find-type 'f/g' 'find f -mindepth 1 -type d'
t find-exec 'f/i.txt' 'find f -name "*.txt" -exec echo {} \;'
t which '/bin/ls' 'which ls'
t id-u '0' 'id -u'
t du-s '1' 'du -s f | cut -f 1 | grep -c "^[0-9][0-9]*$"'
t sed 'Alpha
beta' 'sed -n "1s/a/A/p;2p" a'
t sed-i 'xlpha' 'cp a s && sed -i "s/^a/x/" s && head -n 1 s'
t diff '2d1
< beta' 'sed 2d a > a2; diff a a2'
t diff-u '@@ -1,4 +1,3 @@
 alpha
-beta
 gamma' 'diff -u a a2 | tail -n +3 | head -n 4'
t cmp 'a a2 differ: char 7, line 2' 'cmp a a2'
t od '0000000   a   l   p   h   a  \n
0000006' 'head -c 6 a | od -c'
t sed-l 'a\tb\001$' 'printf "a\tb\001\n" | sed -n l'
t tar 'f/
f/g/
f/g/h.c
f/i.txt' 'tar cf x.tar f && tar tf x.tar'
t tar-x 'h.c' 'mkdir o && tar xf x.tar -C o && ls o/f/g'
t gzip 'alpha' 'gzip -k a && [ -f a.gz ] && gzip -dc a.gz | head -n 1'
t gunzip-zcat 'beta
beta' 'cp a.gz c.gz && gunzip c.gz && sed -n 2p c && zcat a.gz | grep bet'
t tar-z 'f/g/h.c' 'tar czf x.tgz f && tar tzf x.tgz | grep h.c'
t mktemp '1' 'm=$(mktemp) && [ -f "$m" ] && echo 1 && rm "$m"'
t install '-rwxr-xr-x' 'install a bin1 && ls -l bin1 | cut -c 1-10'
t pipeline '5' 'cat a b | grep -v one | sort | uniq | wc -l | tr -d " "'

echo "utils-ferrite: $pass passed, $fail failed"
cd / && rm -rf $w
