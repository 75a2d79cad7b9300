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

echo "utils-ferrite: $pass passed, $fail failed"
cd / && rm -rf $w
