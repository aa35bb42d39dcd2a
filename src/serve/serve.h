/* The serve stage: pliego serve, a local web application for sales staff
 * (customer form, live preview, PDF) and legal (variants, redlines).
 *
 * Takes a catalogue, templates, a web folder (the pages: HTML, CSS, JS)
 * and optionally a customer file; gives an HTTP server on libmicrohttpd
 * (server.c: routes, limits, CSRF; files.c: the web folder) whose renders
 * run in forked worker processes (pool.c: queue, deadline, restarts;
 * work.c: what a worker does for each route). The catalogue and the
 * templates are loaded once, before any worker is forked, so every worker
 * starts with them. docs/serve.md is the user's guide and lists the routes.
 */
#ifndef PLIEGO_SERVE_H
#define PLIEGO_SERVE_H

#include <glib.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "catalog/catalog.h"
#include "catalog/customer.h"
#include "pliego/contract.h"
#include "pliego/pliego.h"
#include "xslt/xslt.h"

/* The largest request body (form data) accepted; more is answered 413. */
#define SERVE_MAX_BODY (1024 * 1024)

typedef struct {
    const char *host;            /* address to bind, e.g. 127.0.0.1 or ::1 */
    int port;                    /* 0: any free port (printed) */
    const char *catalog_dir;
    const char *compare_catalog_dir; /* NULL, or a second catalogue for diffs */
    const char *templates_dir;
    const char *web_dir;         /* the pages */
    const char *customers_path;  /* NULL, or a customer CSV or XML file */
    int workers;                 /* render worker processes, >= 1 */
    int queue;                   /* renders waiting for a worker, >= 1 */
    double deadline;             /* seconds one request may wait and render */
    unsigned max_connections;    /* open connections, in all */
    unsigned max_per_ip;         /* open connections from one address; 0 none */
    unsigned timeout;            /* seconds to send a whole request */
    size_t connection_memory;    /* bytes of buffers per connection */
    bool quiet;                  /* no request log on stderr */
    /* set (to a signal's number) by the caller's handler to stop */
    const volatile sig_atomic_t *stop;
    /* test builds only: called in a worker before each job, with its route */
    void (*before_job)(const char *route);
} serve_options;

/* Runs the server until *stop is set; returns the exit status (0, or 2
 * with the reason printed when the catalogue, templates, web folder or
 * customers cannot be loaded, 3 when the address cannot be bound). */
int serve_run(const serve_options *options);

/* What a worker inherits: loaded once before the workers are forked and
 * only read afterwards. */
typedef struct {
    const serve_options *options;
    const catalog *cat[2];       /* [0]: contract_catalog's; [1]: the compare
                                    catalogue (compare_catalog), or NULL */
    catalog *compare_catalog;
    const char *catalog_dir[2];
    xslt_templates *templates;   /* contract_templates' (the legal routes'
                                    redline.xsl runs through it) */
    char *templates_dir;
    /* the contract API's (include/pliego/contract.h): the sales routes
       and thumbnails render through it, as pliego render does */
    pliego_catalog *contract_catalog;
    pliego_templates *contract_templates;
    catalog_customer_set *sample; /* the sample customer of variants */
} serve_context;

/* The pool (pool.c) ------------------------------------------------------ */

/* One request for a worker: a route ("pdf", "preview", ...) and its
 * parameters (name, value pairs), and, once done, the answer. */
typedef struct serve_job serve_job;

typedef struct {
    int status;                  /* HTTP status */
    char *content_type;
    GPtrArray *headers;          /* name, value, name, value ... (g_free) */
    char *body;
    size_t length;
} serve_answer;

void serve_answer_clear(serve_answer *answer);

typedef struct serve_pool serve_pool;

/* Forks workers processes with context and starts the thread that feeds
 * them. NULL with err when a worker cannot be started. */
serve_pool *serve_pool_new(const serve_context *context, pliego_error *err);
/* Stops the workers (killing those still rendering) and frees the pool. */
void serve_pool_free(serve_pool *pool);

/* Queues a job for route with params (name/value pairs, copied). done is
 * called once, from the pool's thread, with the answer (owned by the job
 * until serve_job_free). Returns NULL when the queue is full. */
serve_job *serve_pool_submit(serve_pool *pool, const char *route, GPtrArray *params,
                             void (*done)(serve_job *job, void *data), void *data);
const serve_answer *serve_job_answer(const serve_job *job);
void serve_job_free(serve_job *job);

/* Process ids of the workers now running (for tests and the benchmark:
 * GET /api/status). Fills up to count, returns how many. */
int serve_pool_workers(serve_pool *pool, int *pids, int count);

/* The worker side (work.c) ----------------------------------------------- */

/* What a worker keeps between jobs: the last record's document, laid
 * out, so another page of the same record, or its PDF, is only drawn. */
typedef struct {
    char *key;                   /* the request's parameters but the page */
    pliego_document *document;
} serve_cache;

void serve_cache_clear(serve_cache *cache);

/* Answers one job: route and params as submitted. Runs in a worker. */
void serve_work(const serve_context *context, serve_cache *cache, const char *route,
                GPtrArray *params, serve_answer *answer);

/* An answer {"error": message} with status. */
void serve_answer_error(serve_answer *answer, int status, const char *message);

#endif
