#!/bin/sh
# utils/tests/fixture.sh: makes the files the differential cases work on, in the current
# directory, the same bytes and times every time (the suite copies it per case).
set -e
printf 'alpha\nbeta\ngamma\ndelta\nepsilon\nzeta\neta\ntheta\niota\nkappa\nlambda\nmu\n' > a.txt
printf 'one two  three\n\tfour five\nsix\n\n  seven eight nine ten\n' > b.txt
printf '10\n9\n100\n-3\n2.5\n9\n007\n1e3\nabc\n\n' > nums
printf 'pear\napple\nPear\nbanana\napple\napple\ncherry\nbanana\n' > words
printf 'name,age,city\nann,31,oslo\nbob,27,rome\ncyd,45,lima\n' > people.csv
printf 'root:x:0:0:root:/root:/bin/sh\nbin:x:1:1:bin:/bin:/usr/sbin/nologin\nme:x:1000:1000::/home/me:/bin/sh\n' > passwd
printf 'no newline at the end' > noeol
printf 'bin\000ary\001\002\377\376 data\nline two\000\n' > bin.dat
: > empty
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "x%d", i % 10; printf "\n" }' > long
awk 'BEGIN { for (i = 1; i <= 3000; i++) print i, i * 7 % 13, "row" i }' > many
printf 'hidden\n' > .hidden
mkdir -p dir/sub/deep dir/other
printf 'in dir\n' > dir/file1
printf 'x\ny\n' > dir/sub/file2
printf 'deep alpha\n' > dir/sub/deep/file3.c
printf 'other\n' > dir/other/x.c
: > dir/.dot
ln -s a.txt link
ln -s dir dirlink
chmod 755 dir dir/sub
chmod 600 dir/file1
chmod 640 b.txt
touch -h -d '2020-01-02 03:04:05' a.txt b.txt nums words people.csv passwd noeol bin.dat empty long \
	many .hidden link dirlink dir/file1 dir/sub/file2 dir/sub/deep/file3.c dir/other/x.c dir/.dot
touch -d '2021-06-07 08:09:10' dir/sub/deep dir/sub dir/other dir
touch -d '2019-12-31 23:59:59' old
