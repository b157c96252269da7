/*
 * The sync worker: one thread with its own connection to the office
 * database answers the sync API's requests, one at a time in the order
 * they came, while the loop (http.c) goes on serving pages and other
 * kiosks.
 *
 * NOTES ON THE DESIGN OF THE WORKER
 *
 * 1. evhttp is the loop's alone.  The loop makes a job of each sync
 *    request (http_sync_handle), the worker answers it from its own
 *    connection (http_sync_run) and the loop sends the answer
 *    (http_sync_answer).  The worker never touches a request, an event
 *    or the page cache: the threads share the two queues below, under
 *    one mutex, and a pipe the worker writes a byte to when a job is
 *    done, which wakes the loop.  libevent needs no thread support.
 * 2. One worker.  SQLite takes one writer at a time anyway, and one
 *    thread keeps the order of a kiosk's chunks; each chunk is still one
 *    transaction.  Every sync request goes to it, not only chunks: each
 *    one writes (its nonce, the kiosk's last sync), and a write in the
 *    loop would wait for the worker's transaction.  The loop's
 *    connection only reads: in WAL mode a chunk being stored does not
 *    block its snapshots, and its PRAGMA data_version moves when the
 *    worker commits (web-cache.c, note 1).
 * 3. Memory.  A job holds its request's body (moved from evhttp, not
 *    copied; at most HTTP_BODY_MAX) and its answer.  At most
 *    HTTP_SYNC_QUEUE_MAX jobs wait; past them a sync request is answered
 *    503 with Retry-After, which the kiosk waits out.  The worker's
 *    connection has the store's page cache (store_open), which storing a
 *    chunk needs.
 * 4. Stopping (SIGTERM, the loop has exited): the job under way is
 *    finished, its transaction committed or rolled back; jobs not started
 *    store nothing; the thread is joined.  Every request is then given
 *    its answer (503 for those not started) so evhttp frees it, but the
 *    loop writes no more: the kiosk sees its connection cut, and its next
 *    sync asks the head first, as after any cut (docs/protocol.md).
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "office.h"
#include "http.h"
#include "store.h"

/* A queue of jobs, oldest first. */
struct job_queue {
	struct sync_job		*first;
	struct sync_job		**tail;
	size_t			 n;
};

struct http_worker {
	struct http_server	*srv;
	struct store		*store;		/* the worker's own connection */
	pthread_t		 thread;
	int			 started;	/* thread is running */
	pthread_mutex_t		 lock;		/* over the fields below */
	pthread_cond_t		 wake;		/* a job queued, or stop */
	struct job_queue	 todo;		/* waiting for the worker */
	struct job_queue	 done;		/* answered, for the loop */
	int			 stop;
	int			 pipe[2];	/* a byte a done job, to the loop */
	struct event		*ev;		/* the loop reading pipe[0] */
};

/* Empty a queue. */
static void
queue_init(struct job_queue *q)
{
	q->first = NULL;
	q->tail = &q->first;
	q->n = 0;
}

/* Add a job at the end of a queue. */
static void
queue_push(struct job_queue *q, struct sync_job *j)
{
	j->next = NULL;
	*q->tail = j;
	q->tail = &j->next;
	q->n++;
}

/* Take the oldest job of a queue (not empty). */
static struct sync_job *
queue_pop(struct job_queue *q)
{
	struct sync_job	*j = q->first;

	if ((q->first = j->next) == NULL)
		q->tail = &q->first;
	q->n--;
	j->next = NULL;
	return j;
}

/*
 * The worker thread: answer queued jobs in order until told to stop,
 * finishing the job under way first.  Each done job is queued for the
 * loop and a byte written to the pipe (a full pipe already wakes it).
 */
static void *
worker_main(void *arg)
{
	struct http_worker	*w = arg;
	struct sync_job		*j;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (w->todo.first == NULL && !w->stop)
			pthread_cond_wait(&w->wake, &w->lock);
		if (w->stop)
			break;
		j = queue_pop(&w->todo);
		pthread_mutex_unlock(&w->lock);
		http_sync_run(w->store, j);
		pthread_mutex_lock(&w->lock);
		queue_push(&w->done, j);
		while (write(w->pipe[1], "", 1) == -1 && errno == EINTR)
			;
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/* In the loop, woken by the pipe: send the answers of the done jobs. */
static void
worker_done(evutil_socket_t fd, short what, void *arg)
{
	struct http_worker	*w = arg;
	struct job_queue	 done;
	char			 buf[64];

	while (read(fd, buf, sizeof buf) > 0)
		;
	pthread_mutex_lock(&w->lock);
	done = w->done;
	if (done.first == NULL)
		done.tail = &done.first;
	queue_init(&w->done);
	pthread_mutex_unlock(&w->lock);
	while (done.first != NULL)
		http_sync_answer(w->srv, queue_pop(&done));
}

/*
 * Start the worker of srv on the loop base, with its own connection to
 * the database at path.  A database or pipe that cannot be opened is an
 * environment failure.
 */
enum rv_status
http_worker_start(struct http_server *srv, struct event_base *base,
    const char *path, struct http_worker **out, char **cause)
{
	struct http_worker	*w;
	sigset_t		 all, old;
	enum rv_status		 st;

	w = xcalloc(1, sizeof *w);
	w->srv = srv;
	w->pipe[0] = w->pipe[1] = -1;
	queue_init(&w->todo);
	queue_init(&w->done);
	if (pthread_mutex_init(&w->lock, NULL) != 0 ||
	    pthread_cond_init(&w->wake, NULL) != 0)
		fatal("pthread_mutex_init");
	if (pipe2(w->pipe, O_CLOEXEC | O_NONBLOCK) == -1) {
		st = rv_fail(cause, RV_EENV, "pipe: %s", strerror(errno));
		goto fail;
	}
	if ((st = store_open(path, 0, &w->store, cause)) != RV_OK)
		goto fail;
	if ((w->ev = event_new(base, w->pipe[0], EV_READ | EV_PERSIST,
	    worker_done, w)) == NULL || event_add(w->ev, NULL) != 0)
		fatal("libevent: cannot watch the worker");
	/* Signals are the loop's (evsignal): the worker blocks them all. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	if (pthread_create(&w->thread, NULL, worker_main, w) != 0)
		fatal("pthread_create");
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	w->started = 1;
	*out = w;
	return RV_OK;
fail:
	http_worker_stop(w);
	return st;
}

/*
 * Queue a job for the worker (the loop's, until it is answered).
 * Returns 0, taking nothing, when HTTP_SYNC_QUEUE_MAX jobs wait already.
 */
int
http_worker_submit(struct http_worker *w, struct sync_job *j)
{
	pthread_mutex_lock(&w->lock);
	if (w->todo.n >= HTTP_SYNC_QUEUE_MAX) {
		pthread_mutex_unlock(&w->lock);
		return 0;
	}
	queue_push(&w->todo, j);
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	return 1;
}

/*
 * Stop the worker once the loop has exited (note 4): the job under way
 * is finished, done jobs get their answers, waiting ones a 503; then
 * everything is freed.  NULL is fine.
 */
void
http_worker_stop(struct http_worker *w)
{
	struct sync_job	*j;

	if (w == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = 1;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	if (w->started)
		pthread_join(w->thread, NULL);
	while (w->done.first != NULL)
		http_sync_answer(w->srv, queue_pop(&w->done));
	while (w->todo.first != NULL) {
		j = queue_pop(&w->todo);
		j->type = NULL;
		http_sync_answer(w->srv, j);
	}
	if (w->ev != NULL)
		event_free(w->ev);
	if (w->pipe[0] != -1)
		close(w->pipe[0]);
	if (w->pipe[1] != -1)
		close(w->pipe[1]);
	store_close(w->store);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
	free(w);
}
