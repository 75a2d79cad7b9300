# builtin_umask_symbolic: a differential test (builtin), compared with dash.
umask 000
umask u=rwx,g=rx,o=
umask
