/* libc/scheme/srv_ferrite.h: the skeleton's transport inside Ferrite (srv_ferrite.c).
 *     int fd = srv_ferrite_register("tmp", 0);   // a descriptor, or -errno (EEXIST, EPERM)
 *     struct srv_transport t = srv_ferrite_transport(fd);
 *     srv_init(&s, &ops, &t, priv); srv_run(&s);
 * Registering needs FERRITE_CAP_SCHEME. */
#ifndef SRV_FERRITE_H
#define SRV_FERRITE_H

#include "srv.h"

int srv_ferrite_register(const char *name, int flags);
struct srv_transport srv_ferrite_transport(int fd);

#endif
