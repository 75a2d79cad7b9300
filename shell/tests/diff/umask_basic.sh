# umask_basic: a differential test (umask), compared with dash.
umask 022
umask
umask 077
umask
umask -S
