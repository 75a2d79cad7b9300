/* kernel/include/errno.h: error numbers, musl's x86_64 values. Inside the kernel and the
 * servers errors are these values negated. (The ABI header takes over this list later.) */
#ifndef KERNEL_ERRNO_H
#define KERNEL_ERRNO_H

#define EPERM   1
#define ENOENT  2
#define ESRCH   3
#define EINTR   4
#define EIO     5
#define EBADF   9
#define E2BIG   7
#define ENOEXEC 8
#define ECHILD  10
#define EAGAIN  11
#define ENOMEM  12
#define EFAULT  14
#define EBUSY   16
#define ENODEV  19
#define EINVAL  22
#define EMFILE  24
#define ESPIPE  29
#define EPIPE   32
#define ERANGE  34
#define ENAMETOOLONG 36
#define ENOSYS  38
#define ETIMEDOUT 110

#endif
