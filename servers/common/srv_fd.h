/* servers/common/srv_fd.h: the skeleton's transport inside Ferrite for servers with a loop
 * of their own (the console, pty and device servers): a scheme descriptor read with read(),
 * answered with write(), its data fetched with scheme_fetch. Also the small things every such
 * server does: register a scheme, and a log line to the kernel log. */
#ifndef SERVERS_SRV_FD_H
#define SERVERS_SRV_FD_H

#include "srv.h"

struct srv_fd {
	int fd;
};

/* Registers scheme `name` (CAP_SCHEME) and fills tr for srv_init: 0 or -errno. */
int srv_fd_open(struct srv_fd *c, struct srv_transport *tr, const char *name);
/* srv_data for data that lives on the operation's stack: the skeleton sends the reply after
 * the operation returned, so the bytes are copied into its scratch buffer first. */
long srv_fd_data(struct srv_req *rq, const void *data, size_t len, long result);
/* One line to the kernel log, prefixed with the program's name. */
void srv_fd_log(const char *who, const char *fmt, ...);

#endif
