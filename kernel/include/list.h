/* kernel/include/list.h: intrusive doubly-linked lists (a struct list inside each element). */
#ifndef KERNEL_LIST_H
#define KERNEL_LIST_H

#include "types.h"

struct list {
	struct list *prev, *next;
};

#define LIST_INIT(l) { &(l), &(l) }
#define list_entry(p, type, member) ((type *)((char *)(p) - offsetof(type, member)))

static inline void list_init(struct list *l) { l->prev = l->next = l; }
static inline bool list_empty(const struct list *l) { return l->next == l; }

static inline void list_add_tail(struct list *l, struct list *n)
{
	n->prev = l->prev;
	n->next = l;
	l->prev->next = n;
	l->prev = n;
}

static inline void list_add_after(struct list *pos, struct list *n)
{
	n->prev = pos;
	n->next = pos->next;
	pos->next->prev = n;
	pos->next = n;
}

static inline void list_del(struct list *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->prev = n->next = n;
}

#endif
