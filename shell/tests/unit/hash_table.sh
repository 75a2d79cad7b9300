# hash remembers where commands were found, and forgets when PATH changes
hash
ls / > /dev/null
hash
mkdir bin
printf '#!/bin/sh\necho own ls\n' > bin/ls
chmod +x bin/ls
PATH=$PWD/bin:$PATH ls
ls -d /
PATH=$PWD/bin:$PATH
ls
hash -r
hash
