/* libc/tests/target.c: not a program (lint-libc leaves it out): preprocessed by Ferrite's /bin/cc and /bin/i386-tcc in the
 * libc test boot: the line each prints says which target and system it was built for. */
#if defined(__i386__) && __SIZEOF_LONG__ == 4 && defined(__ferrite__) && !defined(__linux__)
target: 32-bit x86, 4-byte long, for Ferrite
#elif defined(__x86_64__) && __SIZEOF_LONG__ == 8 && defined(__ferrite__) && !defined(__linux__)
target: 64-bit x86, 8-byte long, for Ferrite
#else
target: unexpected
#endif
