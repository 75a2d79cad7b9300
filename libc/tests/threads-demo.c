/* libc/tests/threads-demo.c: the acceptance program of the musl port: four threads, a mutex
 * and a condition variable, stdio. Each worker adds its share to a shared total under the
 * mutex, one turn at a time in worker order (the condition variable passes the turn), and
 * records the order. Built with a bare `cc threads-demo.c -o threads-demo` on the host for
 * Ferrite, and with the host's gcc for the expected output: the two must print the same. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define DEMO_THREADS 4
#define DEMO_ROUNDS 50

static pthread_mutex_t demo_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t demo_turn_cv = PTHREAD_COND_INITIALIZER;
static int demo_turn;            /* whose turn it is: 0..DEMO_THREADS-1 */
static long demo_total;
static char demo_order[DEMO_THREADS * DEMO_ROUNDS + 1];
static int demo_len;

static void *demo_worker(void *arg)
{
	long id = (long)arg, mine = 0;
	for (int r = 0; r < DEMO_ROUNDS; r++) {
		long share = 0;
		for (long i = 1; i <= 1000; i++)
			share += (i * (id + 1) + r) % 97;
		pthread_mutex_lock(&demo_lock);
		while (demo_turn != id)
			pthread_cond_wait(&demo_turn_cv, &demo_lock);
		demo_total += share;
		demo_order[demo_len++] = (char)('a' + id);
		demo_turn = (demo_turn + 1) % DEMO_THREADS;
		pthread_cond_broadcast(&demo_turn_cv);
		pthread_mutex_unlock(&demo_lock);
		mine += share;
	}
	return (void *)mine;
}

int main(void)
{
	pthread_t t[DEMO_THREADS];
	long sum = 0;
	int ordered = 1;
	for (long i = 0; i < DEMO_THREADS; i++)
		if (pthread_create(&t[i], NULL, demo_worker, (void *)i)) {
			fprintf(stderr, "threads-demo: pthread_create failed\n");
			return 1;
		}
	for (int i = 0; i < DEMO_THREADS; i++) {
		void *r;
		pthread_join(t[i], &r);
		sum += (long)r;
	}
	for (int i = 0; i < demo_len; i++)
		ordered &= demo_order[i] == 'a' + i % DEMO_THREADS;
	printf("threads-demo: %d threads, total %ld, joined sum %ld, %d turns %s\n", DEMO_THREADS,
		demo_total, sum, demo_len, ordered ? "in order" : "OUT OF ORDER");
	return !(ordered && sum == demo_total);
}
