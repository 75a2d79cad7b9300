/* libc/tests/suite/t_thread.c: pthreads: create and join, mutexes, condition variables,
 * read-write locks, thread-specific data (keys, with destructors), once, cancellation (of a
 * thread blocked in read, and deferred at a test point), per-thread errno. */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <time.h>
#include <string.h>
#include <unistd.h>
#include "lt.h"

static void *thread_ret(void *a)
{
	return (char *)a + 1;
}

static void thread_create_join(void)
{
	pthread_t t[8];
	void *r;
	for (long i = 0; i < 8; i++)
		LT_EQ(pthread_create(&t[i], NULL, thread_ret, (void *)(i * 10)), 0);
	for (long i = 0; i < 8; i++) {
		LT_EQ(pthread_join(t[i], &r), 0);
		LT_EQ((long)r, i * 10 + 1);
	}
	LT_CHECK(pthread_equal(pthread_self(), pthread_self()));
}

static pthread_mutex_t thread_m = PTHREAD_MUTEX_INITIALIZER;
static long thread_counter;

static void *thread_add(void *a)
{
	(void)a;
	for (int i = 0; i < 20000; i++) {
		pthread_mutex_lock(&thread_m);
		thread_counter++;
		pthread_mutex_unlock(&thread_m);
	}
	return NULL;
}

static void thread_mutex(void)
{
	pthread_t t[4];
	pthread_mutexattr_t at;
	pthread_mutex_t rm;
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, thread_add, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	LT_EQ(thread_counter, 80000);
	LT_EQ(pthread_mutex_trylock(&thread_m), 0);
	LT_EQ(pthread_mutex_trylock(&thread_m), EBUSY);
	pthread_mutex_unlock(&thread_m);
	pthread_mutexattr_init(&at);
	pthread_mutexattr_settype(&at, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&rm, &at);
	LT_EQ(pthread_mutex_lock(&rm), 0);
	LT_EQ(pthread_mutex_lock(&rm), 0);
	LT_EQ(pthread_mutex_unlock(&rm), 0);
	LT_EQ(pthread_mutex_unlock(&rm), 0);
}

static pthread_cond_t thread_cv = PTHREAD_COND_INITIALIZER;
static int thread_queue[64], thread_qn, thread_done;

static void *thread_producer(void *a)
{
	(void)a;
	for (int i = 1; i <= 1000; i++) {
		pthread_mutex_lock(&thread_m);
		while (thread_qn == 64)
			pthread_cond_wait(&thread_cv, &thread_m);
		thread_queue[thread_qn++] = i;
		pthread_cond_broadcast(&thread_cv);
		pthread_mutex_unlock(&thread_m);
	}
	pthread_mutex_lock(&thread_m);
	thread_done = 1;
	pthread_cond_broadcast(&thread_cv);
	pthread_mutex_unlock(&thread_m);
	return NULL;
}

static void thread_condvar(void)
{
	pthread_t t;
	long sum = 0;
	struct timespec ts;
	pthread_create(&t, NULL, thread_producer, NULL);
	pthread_mutex_lock(&thread_m);
	for (;;) {
		while (!thread_qn && !thread_done)
			pthread_cond_wait(&thread_cv, &thread_m);
		if (!thread_qn && thread_done)
			break;
		sum += thread_queue[--thread_qn];
		pthread_cond_broadcast(&thread_cv);
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 20000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_nsec -= 1000000000;
		ts.tv_sec++;
	}
	LT_EQ(pthread_cond_timedwait(&thread_cv, &thread_m, &ts), ETIMEDOUT);
	pthread_mutex_unlock(&thread_m);
	pthread_join(t, NULL);
	LT_EQ(sum, 500500);
}

static pthread_rwlock_t thread_rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_mutex_t thread_cm = PTHREAD_MUTEX_INITIALIZER; /* for the counters below */

static void thread_count(volatile int *c, int d)
{
	pthread_mutex_lock(&thread_cm);
	*c += d;
	pthread_mutex_unlock(&thread_cm);
}
static volatile int thread_readers_in, thread_max_readers, thread_writer_in, thread_bad;

static void *thread_reader(void *a)
{
	(void)a;
	for (int i = 0; i < 200; i++) {
		pthread_rwlock_rdlock(&thread_rw);
		thread_count(&thread_readers_in, 1);
		if (thread_writer_in)
			thread_bad = 1;
		if (thread_readers_in > thread_max_readers)
			thread_max_readers = thread_readers_in;
		sched_yield();
		thread_count(&thread_readers_in, -1);
		pthread_rwlock_unlock(&thread_rw);
	}
	return NULL;
}

static void *thread_writer(void *a)
{
	(void)a;
	for (int i = 0; i < 100; i++) {
		pthread_rwlock_wrlock(&thread_rw);
		thread_writer_in = 1;
		if (thread_readers_in)
			thread_bad = 1;
		sched_yield();
		thread_writer_in = 0;
		pthread_rwlock_unlock(&thread_rw);
	}
	return NULL;
}

static void thread_rwlock(void)
{
	pthread_t t[4];
	pthread_create(&t[0], NULL, thread_reader, NULL);
	pthread_create(&t[1], NULL, thread_reader, NULL);
	pthread_create(&t[2], NULL, thread_reader, NULL);
	pthread_create(&t[3], NULL, thread_writer, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	LT_EQ(thread_bad, 0);
	LT_EQ(pthread_rwlock_rdlock(&thread_rw), 0);
	LT_EQ(pthread_rwlock_tryrdlock(&thread_rw), 0);
	LT_EQ(pthread_rwlock_trywrlock(&thread_rw), EBUSY);
	pthread_rwlock_unlock(&thread_rw);
	pthread_rwlock_unlock(&thread_rw);
}

static pthread_key_t thread_key;
static volatile int thread_destroyed;

static void thread_destructor(void *v)
{
	thread_count(&thread_destroyed, (int)(long)v);
}

static void *thread_keyed(void *a)
{
	LT_CHECK(pthread_getspecific(thread_key) == NULL);
	pthread_setspecific(thread_key, a);
	sched_yield();
	errno = (int)(long)a; /* errno is per thread too */
	sched_yield();
	return (void *)(long)(pthread_getspecific(thread_key) == a && errno == (int)(long)a);
}

static pthread_once_t thread_once = PTHREAD_ONCE_INIT;
static int thread_once_runs;

static void thread_once_fn(void)
{
	thread_once_runs++;
}

static void thread_keys(void)
{
	pthread_t t[3];
	void *r;
	LT_EQ(pthread_key_create(&thread_key, thread_destructor), 0);
	for (long i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, thread_keyed, (void *)(i + 1));
	for (int i = 0; i < 3; i++) {
		pthread_join(t[i], &r);
		LT_EQ((long)r, 1);
	}
	LT_EQ(thread_destroyed, 1 + 2 + 3);
	pthread_once(&thread_once, thread_once_fn);
	pthread_once(&thread_once, thread_once_fn);
	LT_EQ(thread_once_runs, 1);
}

static int thread_cancel_pipe[2];
static volatile int thread_cleaned;

static void thread_cleanup(void *a)
{
	(void)a;
	thread_cleaned = 1;
}

static void *thread_blocked(void *a)
{
	char c;
	(void)a;
	pthread_cleanup_push(thread_cleanup, NULL);
	read(thread_cancel_pipe[0], &c, 1); /* a cancellation point, blocked: nobody writes */
	pthread_cleanup_pop(0);
	return NULL;
}

static void *thread_spinning(void *a)
{
	(void)a;
	for (;;)
		pthread_testcancel();
	return NULL;
}

static void thread_cancel(void)
{
	pthread_t t;
	void *r;
	struct timespec d = { 0, 50000000 };
	LT_EQ(pipe(thread_cancel_pipe), 0);
	pthread_create(&t, NULL, thread_blocked, NULL);
	nanosleep(&d, NULL); /* let it block in read */
	LT_EQ(pthread_cancel(t), 0);
	LT_EQ(pthread_join(t, &r), 0);
	LT_CHECK(r == PTHREAD_CANCELED);
	LT_EQ(thread_cleaned, 1);
	pthread_create(&t, NULL, thread_spinning, NULL);
	LT_EQ(pthread_cancel(t), 0);
	LT_EQ(pthread_join(t, &r), 0);
	LT_CHECK(r == PTHREAD_CANCELED);
}

const struct lt_test lt_thread_tests[] = {
	{ "thread_create_join", thread_create_join },
	{ "thread_mutex", thread_mutex },
	{ "thread_condvar", thread_condvar },
	{ "thread_rwlock", thread_rwlock },
	{ "thread_keys", thread_keys },
	{ "thread_cancel", thread_cancel },
	{ 0, 0 },
};
