/* The render pool of pliego serve: worker processes forked from the
 * server, a bounded queue of jobs in front of them, and one thread that
 * hands jobs to idle workers, reads their answers and enforces the
 * deadline. A worker that crashes costs its job (500), one that outlives
 * the deadline is killed (504); either way a new worker is forked, with
 * the catalogue and templates the server loaded before the first fork.
 * Messages on the pipes are common/message.h's, as in pliego batch.
 *
 * Forking from a threaded process is safe here because the child only
 * renders with what was loaded before any thread started and glibc's
 * malloc is fork-safe; the server's threads never hold the locks of
 * libxml2, Pango or fontconfig, as they do no rendering.
 */
#include "serve/serve.h"

#include "review/review.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/message.h"
#include "layout/hyphenate.h"

struct serve_job {
    char *route;
    GPtrArray *params;
    gint64 deadline;              /* monotonic microseconds */
    serve_answer answer;
    void (*done)(serve_job *job, void *data);
    void *data;
};

typedef struct {
    pid_t pid;
    int to_fd, from_fd;
    serve_job *job;               /* being rendered, or NULL */
} worker;

struct serve_pool {
    const serve_context *context;
    GMutex lock;
    GQueue waiting;               /* of serve_job, under lock */
    worker *workers;              /* touched by the pool's thread only */
    int count;
    int wake[2];                  /* a byte here wakes the thread */
    bool stopping;                /* under lock */
    GThread *thread;
    int *pids;                    /* under lock: a copy for serve_pool_workers */
};

void serve_answer_clear(serve_answer *answer)
{
    g_free(answer->content_type);
    if (answer->headers)
        g_ptr_array_free(answer->headers, TRUE);
    g_free(answer->body);
    memset(answer, 0, sizeof *answer);
}

void serve_answer_error(serve_answer *answer, int status, const char *message)
{
    serve_answer_clear(answer);
    GString *out = g_string_new("{\"error\":");
    review_json_text(out, message);
    g_string_append(out, "}\n");
    answer->status = status;
    answer->content_type = g_strdup("application/json");
    answer->length = out->len;
    answer->body = g_string_free(out, FALSE);
}

/* ---- the worker process ---- */

static void send_answer(int fd, const serve_answer *answer)
{
    GByteArray *message = g_byte_array_new();
    message_put_int(message, answer->status);
    message_put_string(message, answer->content_type);
    guint headers = answer->headers ? answer->headers->len : 0;
    message_put_int(message, headers);
    for (guint i = 0; i < headers; i++)
        message_put_string(message, answer->headers->pdata[i]);
    message_put_bytes(message, answer->body, answer->length);
    message_send(fd, message);
}

static GPtrArray *get_strings(message_cursor *c)
{
    gint64 count = message_get_int(c);
    GPtrArray *strings = g_ptr_array_new_with_free_func(g_free);
    for (gint64 i = 0; i < count && !c->bad; i++) {
        char *text = message_get_string(c);
        g_ptr_array_add(strings, text ? text : g_strdup(""));
    }
    return strings;
}

static void put_strings(GByteArray *message, const GPtrArray *strings)
{
    message_put_int(message, strings->len);
    for (guint i = 0; i < strings->len; i++)
        message_put_string(message, strings->pdata[i]);
}

G_NORETURN static void worker_main(const serve_context *context, int in_fd, int out_fd)
{
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_DFL);
    serve_cache cache = {0};
    for (;;) {
        guint8 *data = NULL;
        guint32 length = 0;
        if (message_receive(in_fd, &data, &length) != 1)
            break;
        message_cursor c = {data, length, 0, false};
        char *route = message_get_string(&c);
        GPtrArray *params = get_strings(&c);
        serve_answer answer = {0};
        if (c.bad || !route) {
            serve_answer_error(&answer, 500, "the server sent a torn job to a worker");
        } else {
            if (context->options->before_job)
                context->options->before_job(route);
            serve_work(context, &cache, route, params, &answer);
        }
        send_answer(out_fd, &answer);
        serve_answer_clear(&answer);
        /* the program keeps freed memory for the next document (main.c's
           mallopt); a worker that waits for the next request gives it back */
        malloc_trim(0);
        g_ptr_array_free(params, TRUE);
        g_free(route);
        g_free(data);
    }
    serve_cache_clear(&cache);
    _exit(0);
}

/* ---- the server side ---- */

static void close_fds(worker *w)
{
    if (w->to_fd >= 0)
        close(w->to_fd);
    if (w->from_fd >= 0)
        close(w->from_fd);
    w->to_fd = w->from_fd = -1;
}

/* In a new worker: closes what belongs to the others, then works. */
typedef struct {
    serve_pool *pool;
} child_start;

G_NORETURN static void start_child(void *data, int in_fd, int out_fd)
{
    serve_pool *pool = ((child_start *)data)->pool;
    for (int i = 0; i < pool->count; i++)
        close_fds(&pool->workers[i]);
    close(pool->wake[0]);
    close(pool->wake[1]);
    worker_main(pool->context, in_fd, out_fd);
}

static bool spawn(serve_pool *pool, int slot, pliego_error *err)
{
    worker *w = &pool->workers[slot];
    child_start start = {pool};
    w->job = NULL;
    if (!message_fork_worker(start_child, &start, &w->pid, &w->to_fd, &w->from_fd, err)) {
        w->pid = 0;
        return false;
    }
    g_mutex_lock(&pool->lock);
    pool->pids[slot] = w->pid;
    g_mutex_unlock(&pool->lock);
    return true;
}

static void finish(serve_job *job)
{
    job->done(job, job->data);
}

/* The worker in slot is gone or killed: its job gets status and message,
   and a new worker starts. */
static void replace(serve_pool *pool, int slot, int status, const char *message)
{
    worker *w = &pool->workers[slot];
    int ended = 0;
    close_fds(w);
    while (waitpid(w->pid, &ended, 0) < 0 && errno == EINTR)
        ;
    serve_job *job = w->job;
    w->job = NULL;
    w->pid = 0;
    /* the new worker first, so that whoever reads the answer finds it */
    pliego_error err = {0};
    if (!spawn(pool, slot, &err))
        pliego_error_print(&err, stderr);
    if (job) {
        serve_answer_error(&job->answer, status, message);
        finish(job);
    }
}

static void read_answer(serve_pool *pool, int slot)
{
    worker *w = &pool->workers[slot];
    guint8 *data = NULL;
    guint32 length = 0;
    if (message_receive(w->from_fd, &data, &length) != 1) {
        replace(pool, slot, 500,
                "the render worker stopped while working on this request; it was "
                "restarted, so try again");
        return;
    }
    message_cursor c = {data, length, 0, false};
    serve_job *job = w->job;
    w->job = NULL;
    serve_answer *answer = &job->answer;
    answer->status = (int)message_get_int(&c);
    answer->content_type = message_get_string(&c);
    answer->headers = get_strings(&c);
    answer->body = message_get_bytes(&c, &answer->length);
    g_free(data);
    if (c.bad)
        serve_answer_error(answer, 500, "the render worker sent a torn answer");
    finish(job);
}

/* Gives waiting jobs to idle workers; answers 504 for those that waited
   past their deadline. */
static void dispatch(serve_pool *pool, gint64 now)
{
    for (int i = 0; i < pool->count; i++) {
        worker *w = &pool->workers[i];
        if (w->job || !w->pid)
            continue;
        g_mutex_lock(&pool->lock);
        serve_job *job = g_queue_pop_head(&pool->waiting);
        g_mutex_unlock(&pool->lock);
        if (!job)
            break;
        if (now > job->deadline) {
            serve_answer_error(&job->answer, 504,
                               "the server was too busy to answer in time; try again");
            finish(job);
            i--;
            continue;
        }
        GByteArray *message = g_byte_array_new();
        message_put_string(message, job->route);
        put_strings(message, job->params);
        w->job = job;
        if (!message_send(w->to_fd, message))
            replace(pool, i, 500, "the render worker could not take this request");
    }
}

static void check_deadlines(serve_pool *pool, gint64 now)
{
    for (int i = 0; i < pool->count; i++) {
        worker *w = &pool->workers[i];
        if (w->job && now > w->job->deadline) {
            kill(w->pid, SIGKILL);
            replace(pool, i, 504,
                    "rendering took longer than the server's deadline; the worker was "
                    "stopped");
        }
    }
}

static gpointer run(gpointer data)
{
    serve_pool *pool = data;
    struct pollfd *fds = g_new0(struct pollfd, (gsize)pool->count + 1);
    int *slots = g_new0(int, (gsize)pool->count + 1);
    for (;;) {
        g_mutex_lock(&pool->lock);
        bool stopping = pool->stopping;
        g_mutex_unlock(&pool->lock);
        if (stopping)
            break;
        /* a worker that could not be started again (fork failed) */
        for (int i = 0; i < pool->count; i++)
            if (!pool->workers[i].pid) {
                pliego_error err = {0};
                if (!spawn(pool, i, &err))
                    pliego_error_print(&err, stderr);
            }
        gint64 now = g_get_monotonic_time();
        dispatch(pool, now);
        gint64 wait = 250 * 1000;
        int n = 0;
        fds[n].fd = pool->wake[0];
        fds[n].events = POLLIN;
        fds[n].revents = 0;
        slots[n++] = -1;
        for (int i = 0; i < pool->count; i++) {
            worker *w = &pool->workers[i];
            if (!w->job)
                continue;
            fds[n].fd = w->from_fd;
            fds[n].events = POLLIN;
            fds[n].revents = 0;
            slots[n++] = i;
            gint64 left = w->job->deadline - now;
            if (left < wait)
                wait = left > 0 ? left : 0;
        }
        int ready = poll(fds, (nfds_t)n, (int)(wait / 1000) + 1);
        for (int k = 0; k < n && ready > 0; k++) {
            if (!fds[k].revents)
                continue;
            if (slots[k] < 0) {
                char drain[64];
                while (read(pool->wake[0], drain, sizeof drain) > 0)
                    ;
            } else if (pool->workers[slots[k]].job) {
                read_answer(pool, slots[k]);
            }
        }
        check_deadlines(pool, g_get_monotonic_time());
    }
    g_free(fds);
    g_free(slots);
    return NULL;
}

/* The hyphenation dictionaries of every language the catalogues offer,
 * loaded before the first fork so every worker (and every restarted one)
 * shares them: German alone takes libhyphen 1.6 s to load, which a worker
 * would otherwise spend on its first German preview. */
static void preload_hyphenation(const catalog *cat)
{
    if (!cat)
        return;
    GPtrArray *regions = catalog_regions_in_order(cat);
    for (guint r = 0; r < regions->len; r++) {
        const catalog_region *region = regions->pdata[r];
        for (size_t c = 0; c < region->countries.count; c++) {
            const catalog_country *country = region->countries.items[c];
            for (const char **lang = country->languages; lang && *lang; lang++)
                (void)hyphenate_available(*lang, country->code);
        }
    }
    g_ptr_array_free(regions, TRUE);
}

serve_pool *serve_pool_new(const serve_context *context, pliego_error *err)
{
    preload_hyphenation(context->cat[0]);
    preload_hyphenation(context->cat[1]);
    serve_pool *pool = g_new0(serve_pool, 1);
    pool->context = context;
    pool->count = context->options->workers;
    pool->workers = g_new0(worker, (gsize)pool->count);
    pool->pids = g_new0(int, (gsize)pool->count);
    g_mutex_init(&pool->lock);
    g_queue_init(&pool->waiting);
    for (int i = 0; i < pool->count; i++)
        pool->workers[i].to_fd = pool->workers[i].from_fd = -1;
    if (pipe2(pool->wake, O_CLOEXEC | O_NONBLOCK) != 0) {
        pliego_error_set(err, PLIEGO_ERROR_IO, "", 0, 0, "cannot make a pipe: %s",
                         g_strerror(errno));
        pool->wake[0] = pool->wake[1] = -1;
        serve_pool_free(pool);
        return NULL;
    }
    for (int i = 0; i < pool->count; i++)
        if (!spawn(pool, i, err)) {
            serve_pool_free(pool);
            return NULL;
        }
    pool->thread = g_thread_new("pliego-pool", run, pool);
    return pool;
}

static void wake(serve_pool *pool)
{
    char byte = 1;
    if (write(pool->wake[1], &byte, 1) < 0 && errno != EAGAIN)
        g_warning("cannot wake the render pool: %s", g_strerror(errno));
}

void serve_pool_free(serve_pool *pool)
{
    if (!pool)
        return;
    if (pool->thread) {
        g_mutex_lock(&pool->lock);
        pool->stopping = true;
        g_mutex_unlock(&pool->lock);
        wake(pool);
        g_thread_join(pool->thread);
    }
    for (int i = 0; i < pool->count; i++) {
        worker *w = &pool->workers[i];
        if (!w->pid)
            continue;
        if (w->job)
            kill(w->pid, SIGKILL);
        close_fds(w);
        int status;
        while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
            ;
        if (w->job) {
            serve_answer_error(&w->job->answer, 503, "the server is stopping");
            finish(w->job);
        }
    }
    serve_job *job;
    while ((job = g_queue_pop_head(&pool->waiting))) {
        serve_answer_error(&job->answer, 503, "the server is stopping");
        finish(job);
    }
    if (pool->wake[0] >= 0) {
        close(pool->wake[0]);
        close(pool->wake[1]);
    }
    g_mutex_clear(&pool->lock);
    g_free(pool->workers);
    g_free(pool->pids);
    g_free(pool);
}

serve_job *serve_pool_submit(serve_pool *pool, const char *route, GPtrArray *params,
                             void (*done)(serve_job *job, void *data), void *data)
{
    serve_job *job = g_new0(serve_job, 1);
    job->route = g_strdup(route);
    job->params = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < params->len; i++)
        g_ptr_array_add(job->params, g_strdup(params->pdata[i]));
    job->deadline = g_get_monotonic_time() +
                    (gint64)(pool->context->options->deadline * G_USEC_PER_SEC);
    job->done = done;
    job->data = data;
    g_mutex_lock(&pool->lock);
    bool full = (int)pool->waiting.length >= pool->context->options->queue ||
                pool->stopping;
    if (!full)
        g_queue_push_tail(&pool->waiting, job);
    g_mutex_unlock(&pool->lock);
    if (full) {
        serve_job_free(job);
        return NULL;
    }
    wake(pool);
    return job;
}

const serve_answer *serve_job_answer(const serve_job *job)
{
    return &job->answer;
}

void serve_job_free(serve_job *job)
{
    if (!job)
        return;
    g_free(job->route);
    g_ptr_array_free(job->params, TRUE);
    serve_answer_clear(&job->answer);
    g_free(job);
}

int serve_pool_workers(serve_pool *pool, int *pids, int count)
{
    g_mutex_lock(&pool->lock);
    int n = 0;
    for (int i = 0; i < pool->count && n < count; i++)
        if (pool->pids[i] > 0)
            pids[n++] = pool->pids[i];
    g_mutex_unlock(&pool->lock);
    return n;
}
