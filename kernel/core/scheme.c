/* kernel/core/scheme.c: the registry of schemes by name (scheme.h). A namespace names a
 * scheme, so each path call finds it here again: a server that died and was restarted is
 * reached under the same name. Lock: scheme_lock guards the list and is a leaf; references
 * are atomic, and a scheme's release runs outside the lock. */
#include "klib.h"
#include "errno.h"
#include "scheme.h"
#include "spinlock.h"

static struct spinlock scheme_lock = SPINLOCK_INIT("schemes");
static struct scheme *scheme_list;

void scheme_get(struct scheme *s)
{
	__asm__ volatile("lock incl %0" : "+m"(s->refs));
}

void scheme_put(struct scheme *s)
{
	int left = -1;
	__asm__ volatile("lock xaddl %0, %1" : "+r"(left), "+m"(s->refs));
	if (left == 1 && s->ops->release)
		s->ops->release(s);
}

static unsigned scheme_next_dev = 16; /* under scheme_lock; below 16: fixed ones (initfs 1,
                                       * proc 2, the namespace's directories 3) */

int scheme_register(struct scheme *s)
{
	uint64_t fl;
	size_t n = strnlen(s->name, SCHEME_NAME_MAX);
	if (n == 0 || n == SCHEME_NAME_MAX || !s->ops || !s->ops->path)
		return -EINVAL;
	fl = spin_lock_irqsave(&scheme_lock);
	for (struct scheme *o = scheme_list; o; o = o->next)
		if (!o->dead && strcmp(o->name, s->name) == 0) {
			spin_unlock_irqrestore(&scheme_lock, fl);
			return -EEXIST;
		}
	s->dead = false;
	if (!s->dev)
		s->dev = scheme_next_dev++;
	scheme_get(s); /* the registry's */
	s->next = scheme_list;
	scheme_list = s;
	spin_unlock_irqrestore(&scheme_lock, fl);
	return 0;
}

void scheme_unregister(struct scheme *s)
{
	bool found = false;
	uint64_t fl = spin_lock_irqsave(&scheme_lock);
	for (struct scheme **pp = &scheme_list; *pp; pp = &(*pp)->next)
		if (*pp == s) {
			*pp = s->next;
			found = true;
			break;
		}
	s->dead = true;
	spin_unlock_irqrestore(&scheme_lock, fl);
	if (found)
		scheme_put(s);
}

struct scheme *scheme_find(const char *name)
{
	struct scheme *found = NULL;
	uint64_t fl = spin_lock_irqsave(&scheme_lock);
	for (struct scheme *s = scheme_list; s; s = s->next)
		if (!s->dead && strcmp(s->name, name) == 0) {
			scheme_get(s);
			found = s;
			break;
		}
	spin_unlock_irqrestore(&scheme_lock, fl);
	return found;
}
