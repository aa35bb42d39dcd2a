/* The HTTP side of pliego serve, on libmicrohttpd: routes, limits and the
 * answers that need no render.
 *
 * The gate (gate.c) accepts connections and hands them to libmicrohttpd
 * once their request line has come; one libmicrohttpd thread (epoll) then
 * holds every connection. A request for a route that renders is parsed
 * (query or form body), checked (CSRF token for POSTs) and queued in the
 * pool (pool.c); its connection is suspended
 * until a worker answers or the deadline passes, so slow renders never
 * hold the thread. A connection has the connection timeout to send a
 * whole request, counted from when it opened or its previous request was
 * answered: libmicrohttpd's own timeout counts from the last byte only,
 * which a slowloris client keeps resetting, so a watcher thread shuts
 * down connections over the limit.
 */
#include "serve/serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli/variant.h"
#include "contract/contract.h"
#include "serve/files.h"
#include "serve/gate.h"
#include "serve/meta.h"

#define CSP "default-src 'self'"

/* Body bytes read (and dropped) after the limit before the connection is
   closed without an answer. */
#define SERVE_DRAIN_LIMIT (4 * SERVE_MAX_BODY)

typedef enum {
    ROUTE_PAGE,      /* a page of the web folder */
    ROUTE_STATIC,    /* /static/<path> */
    ROUTE_META,
    ROUTE_CUSTOMERS,
    ROUTE_STATUS,
    ROUTE_WORK       /* a worker answers */
} route_kind;

typedef struct {
    const char *path;
    const char *method;  /* GET (HEAD too) or POST */
    route_kind kind;
    const char *what;    /* the page's file, or the worker's route */
} route;

static const route routes[] = {
    {"/", "GET", ROUTE_PAGE, "index.html"},
    {"/legal", "GET", ROUTE_PAGE, "legal.html"},
    {"/static/", "GET", ROUTE_STATIC, NULL},
    {"/api/meta", "GET", ROUTE_META, NULL},
    {"/api/customers", "GET", ROUTE_CUSTOMERS, NULL},
    {"/api/status", "GET", ROUTE_STATUS, NULL},
    {"/api/check", "POST", ROUTE_WORK, "check"},
    {"/api/preview", "POST", ROUTE_WORK, "preview"},
    {"/api/pdf", "POST", ROUTE_WORK, "pdf"},
    {"/api/xml", "POST", ROUTE_WORK, "xml"},
    {"/api/variants", "GET", ROUTE_WORK, "variants"},
    {"/api/thumb", "GET", ROUTE_WORK, "thumb"},
    {"/api/diff", "GET", ROUTE_WORK, "diff"},
    {"/api/redline.pdf", "GET", ROUTE_WORK, "redline"},
};

/* One open connection, for the watcher. */
typedef struct {
    int fd;
    gint64 since;   /* when it began waiting for its current request */
    bool busy;      /* a request is being answered: the deadline rules */
} connection_record;

typedef struct {
    const serve_options *options;
    const serve_context *context;
    serve_pool *pool;
    char *web_real;
    char csrf[65];
    char *meta;
    serve_customers *customers;
    struct MHD_Daemon *daemon;
    serve_gate *gate;            /* the listening socket */
    GMutex lock;                 /* connections, variants */
    GHashTable *connections;     /* connection_record * set */
    GHashTable *variants;        /* doc kind -> serve_answer * (200 only) */
    bool stopping;
} server;

/* One request. */
typedef struct {
    server *srv;
    const route *route;
    struct MHD_Connection *connection;
    struct MHD_PostProcessor *post;
    GPtrArray *params;           /* name, value pairs */
    char *value_key;             /* the form field being read, and its value */
    GString *value;
    size_t received;
    int refuse;                  /* status decided before the end of the body */
    const char *refusal;
    serve_job *job;
    GMutex lock;
    bool answered;               /* the job is done (under lock) */
    gint64 started;
} request;

/* ---- answers ---- */

static void add_common_headers(struct MHD_Response *response, const char *type)
{
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(response, "Content-Security-Policy", CSP);
    MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(response, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(response, "X-Frame-Options", "DENY");
}

static enum MHD_Result send_bytes(struct MHD_Connection *connection, int status,
                                  const char *type, const void *data, size_t length,
                                  const GPtrArray *headers, bool cache)
{
    struct MHD_Response *response =
        MHD_create_response_from_buffer(length, (void *)data, MHD_RESPMEM_MUST_COPY);
    if (!response)
        return MHD_NO;
    add_common_headers(response, type);
    MHD_add_response_header(response, MHD_HTTP_HEADER_CACHE_CONTROL,
                            cache ? "no-cache" : "no-store");
    for (guint i = 0; headers && i + 1 < headers->len; i += 2)
        MHD_add_response_header(response, headers->pdata[i], headers->pdata[i + 1]);
    enum MHD_Result result = MHD_queue_response(connection, (unsigned)status, response);
    MHD_destroy_response(response);
    return result;
}

static enum MHD_Result send_json(struct MHD_Connection *connection, int status,
                                 const char *json, const GPtrArray *headers)
{
    return send_bytes(connection, status, "application/json", json, strlen(json), headers,
                      false);
}

static enum MHD_Result send_error_allowing(struct MHD_Connection *connection, int status,
                                           const char *message, const char *allowed)
{
    serve_answer answer = {0};
    serve_answer_error(&answer, status, message);
    GPtrArray *headers = g_ptr_array_new();
    if (allowed) {
        g_ptr_array_add(headers, (gpointer)MHD_HTTP_HEADER_ALLOW);
        g_ptr_array_add(headers, (gpointer)allowed);
    }
    if (status == 503) {
        g_ptr_array_add(headers, (gpointer)"Retry-After");
        g_ptr_array_add(headers, (gpointer)"1");
    }
    /* after a malformed or oversize request the stream cannot be trusted */
    if (status == 400 || status == 413) {
        g_ptr_array_add(headers, (gpointer)MHD_HTTP_HEADER_CONNECTION);
        g_ptr_array_add(headers, (gpointer)"close");
    }
    enum MHD_Result result = send_json(connection, status, answer.body, headers);
    g_ptr_array_free(headers, TRUE);
    serve_answer_clear(&answer);
    return result;
}

static enum MHD_Result send_error(struct MHD_Connection *connection, int status,
                                  const char *message)
{
    return send_error_allowing(connection, status, message, NULL);
}

static enum MHD_Result send_answer(struct MHD_Connection *connection,
                                   const serve_answer *answer)
{
    GPtrArray *headers = g_ptr_array_new();
    for (guint i = 0; answer->headers && i < answer->headers->len; i++)
        g_ptr_array_add(headers, answer->headers->pdata[i]);
    if (answer->status == 503) {
        g_ptr_array_add(headers, (gpointer)"Retry-After");
        g_ptr_array_add(headers, (gpointer)"1");
    }
    enum MHD_Result result =
        send_bytes(connection, answer->status,
                   answer->content_type ? answer->content_type : "application/octet-stream",
                   answer->body ? answer->body : "", answer->length, headers, false);
    g_ptr_array_free(headers, TRUE);
    return result;
}

static enum MHD_Result send_file(server *srv, struct MHD_Connection *connection,
                                 const char *path, int *status)
{
    char *data = NULL;
    size_t length = 0;
    if (!serve_file_read(srv->web_real, path, &data, &length)) {
        *status = 404;
        return send_error(connection, 404, "no such page");
    }
    enum MHD_Result result =
        send_bytes(connection, 200, serve_file_type(path), data, length, NULL, true);
    g_free(data);
    return result;
}

/* ---- the watcher: a whole request within the connection timeout ---- */

static void notify_connection(void *data, struct MHD_Connection *connection,
                              void **socket_context, enum MHD_ConnectionNotificationCode code)
{
    server *srv = data;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *info =
            MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
        connection_record *record = g_new0(connection_record, 1);
        record->fd = info ? info->connect_fd : -1;
        /* the timeout counts from the accept, in the gate */
        record->since = serve_gate_accepted(srv->gate, record->fd, g_get_monotonic_time());
        g_mutex_lock(&srv->lock);
        g_hash_table_add(srv->connections, record);
        g_mutex_unlock(&srv->lock);
        *socket_context = record;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context) {
        /* under the lock, so the watcher never shuts a socket number down
           after libmicrohttpd has closed it and it was reused */
        g_mutex_lock(&srv->lock);
        g_hash_table_remove(srv->connections, *socket_context);
        g_mutex_unlock(&srv->lock);
        g_free(*socket_context);
        *socket_context = NULL;
    }
}

static connection_record *record_of(struct MHD_Connection *connection)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? info->socket_context : NULL;
}

static void set_busy(server *srv, struct MHD_Connection *connection, bool busy)
{
    connection_record *record = record_of(connection);
    if (!record)
        return;
    g_mutex_lock(&srv->lock);
    record->busy = busy;
    record->since = g_get_monotonic_time();
    g_mutex_unlock(&srv->lock);
}

static gpointer watch(gpointer data)
{
    server *srv = data;
    gint64 limit = (gint64)srv->options->timeout * G_USEC_PER_SEC;
    for (;;) {
        g_usleep(200 * 1000);
        g_mutex_lock(&srv->lock);
        if (srv->stopping) {
            g_mutex_unlock(&srv->lock);
            break;
        }
        gint64 now = g_get_monotonic_time();
        GHashTableIter iter;
        gpointer key;
        g_hash_table_iter_init(&iter, srv->connections);
        while (g_hash_table_iter_next(&iter, &key, NULL)) {
            connection_record *record = key;
            if (!record->busy && record->fd >= 0 && now - record->since > limit) {
                shutdown(record->fd, SHUT_RDWR);
                record->fd = -1;
            }
        }
        g_mutex_unlock(&srv->lock);
    }
    return NULL;
}

/* ---- requests ---- */

/* The route of url and method; NULL when there is none, with *allowed
   the method the path takes when only the method is wrong (405). */
static const route *find_route(const char *url, const char *method, const char **allowed)
{
    *allowed = NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(routes); i++) {
        const route *r = &routes[i];
        bool match = r->kind == ROUTE_STATIC ? g_str_has_prefix(url, r->path)
                                             : strcmp(url, r->path) == 0;
        if (!match)
            continue;
        bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
        if (strcmp(r->method, "GET") == 0 ? get : strcmp(method, r->method) == 0)
            return r;
        *allowed = strcmp(r->method, "GET") == 0 ? "GET, HEAD" : r->method;
    }
    return NULL;
}

static void add_param(request *req, const char *name, const char *value, size_t length)
{
    g_ptr_array_add(req->params, g_strdup(name));
    g_ptr_array_add(req->params, g_strndup(value ? value : "", length));
}

static const char *param(const request *req, const char *name)
{
    for (guint i = 0; i + 1 < req->params->len; i += 2)
        if (strcmp(req->params->pdata[i], name) == 0)
            return req->params->pdata[i + 1];
    return NULL;
}

static enum MHD_Result add_query(void *data, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    request *req = data;
    add_param(req, key, value, value ? strlen(value) : 0);
    return MHD_YES;
}

/* The field being read is kept in req->value until the next one starts
   (or the body ends): a long value comes in many pieces, appended in
   amortised constant time. */
static void flush_field(request *req)
{
    if (!req->value_key)
        return;
    g_ptr_array_add(req->params, req->value_key);
    g_ptr_array_add(req->params, g_string_free(req->value, FALSE));
    req->value_key = NULL;
    req->value = NULL;
}

static enum MHD_Result add_form(void *data, enum MHD_ValueKind kind, const char *key,
                                const char *filename, const char *content_type,
                                const char *transfer_encoding, const char *value,
                                uint64_t offset, size_t size)
{
    request *req = data;
    if (!(offset > 0 && req->value_key && strcmp(req->value_key, key) == 0)) {
        flush_field(req);
        req->value_key = g_strdup(key);
        req->value = g_string_new(NULL);
    }
    if (value)
        g_string_append_len(req->value, value, (gssize)size);
    return MHD_YES;
}

static bool same_token(const char *given, const char *token)
{
    if (!given || strlen(given) != strlen(token))
        return false;
    unsigned char differ = 0;
    for (size_t i = 0; token[i]; i++)
        differ |= (unsigned char)(given[i] ^ token[i]);
    return differ == 0;
}

static void job_done(serve_job *job, void *data)
{
    request *req = data;
    /* read before answered is set: from then on req may be freed */
    struct MHD_Connection *connection = req->connection;
    g_mutex_lock(&req->lock);
    req->answered = true;
    g_mutex_unlock(&req->lock);
    MHD_resume_connection(connection);
}

static void log_request(const request *req, const char *method, const char *url, int status)
{
    if (req->srv->options->quiet)
        return;
    gint64 took = (g_get_monotonic_time() - req->started) / 1000;
    char *safe = g_strescape(url, NULL);
    fprintf(stderr, "pliego serve: %s %s %d %" G_GINT64_FORMAT " ms\n", method, safe, status,
            took);
    g_free(safe);
}

/* The variants matrix is the same for every request of a kind: kept. */
static const serve_answer *cached_variants(server *srv, const char *doc)
{
    g_mutex_lock(&srv->lock);
    const serve_answer *answer = doc ? g_hash_table_lookup(srv->variants, doc) : NULL;
    g_mutex_unlock(&srv->lock);
    return answer;
}

static void keep_variants(server *srv, const char *doc, const serve_answer *answer)
{
    if (!doc || answer->status != 200)
        return;
    serve_answer *copy = g_new0(serve_answer, 1);
    copy->status = 200;
    copy->content_type = g_strdup(answer->content_type);
    copy->body = g_memdup2(answer->body, answer->length);
    copy->length = answer->length;
    g_mutex_lock(&srv->lock);
    g_hash_table_insert(srv->variants, g_strdup(doc), copy);
    g_mutex_unlock(&srv->lock);
}

/* The answers made here; *status gets the status sent (for the log). */
static enum MHD_Result local_answer(server *srv, request *req, const char *url, int *status)
{
    *status = 200;
    switch (req->route->kind) {
    case ROUTE_PAGE:
        return send_file(srv, req->connection, req->route->what, status);
    case ROUTE_STATIC:
        return send_file(srv, req->connection, url + strlen("/static/"), status);
    case ROUTE_META:
        return send_json(req->connection, 200, srv->meta, NULL);
    case ROUTE_CUSTOMERS: {
        char *json = serve_customers_json(srv->customers, param(req, "q"));
        enum MHD_Result result = send_json(req->connection, 200, json, NULL);
        g_free(json);
        return result;
    }
    case ROUTE_STATUS: {
        int pids[256];
        int n = serve_pool_workers(srv->pool, pids, G_N_ELEMENTS(pids));
        GString *out = g_string_new("{\"workers\":[");
        for (int i = 0; i < n; i++)
            g_string_append_printf(out, "%s%d", i ? "," : "", pids[i]);
        g_string_append_printf(out, "],\"server\":%d}\n", (int)getpid());
        enum MHD_Result result = send_json(req->connection, 200, out->str, NULL);
        g_string_free(out, TRUE);
        return result;
    }
    case ROUTE_WORK:
        break;
    }
    return MHD_NO;
}

static enum MHD_Result answer_request(void *data, struct MHD_Connection *connection,
                                      const char *url, const char *method,
                                      const char *version, const char *upload_data,
                                      size_t *upload_data_size, void **request_data)
{
    server *srv = data;
    request *req = *request_data;
    if (!req) {
        req = g_new0(request, 1);
        req->srv = srv;
        req->connection = connection;
        req->params = g_ptr_array_new_with_free_func(g_free);
        req->started = g_get_monotonic_time();
        g_mutex_init(&req->lock);
        *request_data = req;
        const char *allowed = NULL;
        req->route = find_route(url, method, &allowed);
        if (strcmp(version, MHD_HTTP_VERSION_1_1) == 0 &&
            !MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST)) {
            /* HTTP/1.1 requires Host (RFC 9112, 3.2) */
            req->refuse = 400;
            req->refusal = "an HTTP/1.1 request needs a Host header";
            log_request(req, method, url, 400);
            return send_error(connection, 400, req->refusal);
        }
        if (!req->route) {
            req->refuse = allowed ? 405 : 404;
            req->refusal = allowed ? "this route does not take that method" : "no such page";
        } else if (strcmp(req->route->method, "POST") == 0) {
            const char *length =
                MHD_lookup_connection_value(connection, MHD_HEADER_KIND,
                                            MHD_HTTP_HEADER_CONTENT_LENGTH);
            if (length && g_ascii_strtoull(length, NULL, 10) > SERVE_MAX_BODY) {
                req->refuse = 413;
                req->refusal = "the request body is over 1 MiB";
            } else {
                req->post = MHD_create_post_processor(connection, 16 * 1024, add_form, req);
                if (!req->post) {
                    req->refuse = 400;
                    req->refusal = "the body must be application/x-www-form-urlencoded";
                }
            }
        } else {
            MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, add_query, req);
        }
        /* refusals before the body: no need to read it */
        if (req->refuse == 413 || req->refuse == 404 || req->refuse == 405) {
            log_request(req, method, url, req->refuse);
            return send_error_allowing(connection, req->refuse, req->refusal, allowed);
        }
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        req->received += *upload_data_size;
        if (req->received > SERVE_MAX_BODY) {
            req->refuse = 413;
            req->refusal = "the request body is over 1 MiB";
        } else if (!req->refuse && req->post &&
                   MHD_post_process(req->post, upload_data, *upload_data_size) != MHD_YES) {
            req->refuse = 400;
            req->refusal = "the form data is malformed";
        }
        *upload_data_size = 0;
        /* libmicrohttpd answers only once the body is in: an oversize
           body without a declared length is read and dropped up to a
           bound, then the connection is closed */
        return req->received > SERVE_DRAIN_LIMIT ? MHD_NO : MHD_YES;
    }
    /* the whole request is here */
    flush_field(req);
    if (req->job) {
        g_mutex_lock(&req->lock);
        bool answered = req->answered;
        g_mutex_unlock(&req->lock);
        if (!answered)
            return MHD_YES;
        const serve_answer *answer = serve_job_answer(req->job);
        if (strcmp(req->route->what, "variants") == 0)
            keep_variants(srv, param(req, "doc"), answer);
        log_request(req, method, url, answer->status);
        return send_answer(connection, answer);
    }
    if (req->refuse) {
        log_request(req, method, url, req->refuse);
        return send_error(connection, req->refuse, req->refusal);
    }
    set_busy(srv, connection, true);
    if (strcmp(req->route->method, "POST") == 0) {
        const char *token = MHD_lookup_connection_value(connection, MHD_HEADER_KIND,
                                                        "X-CSRF-Token");
        if (!same_token(token ? token : param(req, "csrf"), srv->csrf)) {
            log_request(req, method, url, 403);
            return send_error(connection, 403,
                              "the form's CSRF token is missing or wrong; reload the page");
        }
    }
    if (req->route->kind != ROUTE_WORK) {
        int status = 200;
        enum MHD_Result result = local_answer(srv, req, url, &status);
        log_request(req, method, url, status);
        return result;
    }
    if (strcmp(req->route->what, "variants") == 0) {
        const serve_answer *kept = cached_variants(srv, param(req, "doc"));
        if (kept) {
            log_request(req, method, url, 200);
            return send_answer(connection, kept);
        }
    }
    MHD_suspend_connection(connection);
    req->job = serve_pool_submit(srv->pool, req->route->what, req->params, job_done, req);
    if (!req->job) {
        MHD_resume_connection(connection);
        req->refuse = 503;
        req->refusal = "the server is busy: too many renders are waiting; try again";
    }
    return MHD_YES;
}

static void request_done(void *data, struct MHD_Connection *connection, void **request_data,
                         enum MHD_RequestTerminationCode code)
{
    server *srv = data;
    request *req = *request_data;
    set_busy(srv, connection, false);
    if (!req)
        return;
    if (req->post)
        MHD_destroy_post_processor(req->post);
    /* a job still running: the pool calls job_done later, so wait for it
       (the deadline bounds the wait) */
    if (req->job) {
        for (;;) {
            g_mutex_lock(&req->lock);
            bool answered = req->answered;
            g_mutex_unlock(&req->lock);
            if (answered)
                break;
            g_usleep(1000);
        }
        serve_job_free(req->job);
    }
    flush_field(req);
    g_ptr_array_free(req->params, TRUE);
    g_mutex_clear(&req->lock);
    g_free(req);
    *request_data = NULL;
}

/* ---- start and stop ---- */

static bool make_token(char token[65])
{
    unsigned char bytes[32];
    if (getrandom(bytes, sizeof bytes, 0) != (ssize_t)sizeof bytes)
        return false;
    for (size_t i = 0; i < sizeof bytes; i++)
        g_snprintf(token + 2 * i, 3, "%02x", bytes[i]);
    return true;
}

/* As many open files as allowed: each connection is one. */
static void raise_file_limit(void)
{
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

static bool is_loopback(const struct sockaddr *address)
{
    if (address->sa_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)address)->sin_addr.s_addr) >> 24) == 127;
    return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)address)->sin6_addr);
}

/* URLs and query values decoded as libmicrohttpd does ("%HH"), except
   that "%00" stays as it is: a NUL would cut the C string that routes and
   file names are read from, so "app.css%00.png" would serve app.css. */
static size_t unescape(void *data, struct MHD_Connection *connection, char *text)
{
    char *out = text;
    for (const char *in = text; *in; in++) {
        int high = in[1] ? g_ascii_xdigit_value(in[1]) : -1;
        int low = high >= 0 && in[2] ? g_ascii_xdigit_value(in[2]) : -1;
        if (*in == '%' && high >= 0 && low >= 0 && (high | low) != 0) {
            *out++ = (char)(high * 16 + low);
            in += 2;
        } else {
            *out++ = *in;
        }
    }
    *out = '\0';
    return (size_t)(out - text);
}

/* The gate on the listening address, and the daemon it hands connections
   to; false with err. */
static bool start_daemon(server *srv, pliego_error *err)
{
    const serve_options *o = srv->options;
    struct sockaddr_storage address = {0};
    socklen_t length = sizeof(struct sockaddr_in);
    struct sockaddr_in *v4 = (struct sockaddr_in *)&address;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&address;
    if (inet_pton(AF_INET, o->host, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t)o->port);
    } else if (inet_pton(AF_INET6, o->host, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t)o->port);
        length = sizeof(struct sockaddr_in6);
    } else {
        pliego_error_set(err, PLIEGO_ERROR_IO, "", 0, 0,
                         "\"%s\" is not an IP address (give e.g. 127.0.0.1 or ::1)", o->host);
        return false;
    }
    if (!is_loopback((struct sockaddr *)&address))
        fprintf(stderr, "pliego serve: warning: listening on %s, not on loopback: the "
                        "server has no authentication, so anyone who can reach this "
                        "address can read the catalogue and customers; put it behind a "
                        "reverse proxy with authentication (docs/serve.md)\n", o->host);
    srv->gate = serve_gate_new((struct sockaddr *)&address, length, o->max_connections,
                               o->timeout, o->quiet, err);
    /* no listening socket of its own: the gate accepts (gate.c) */
    srv->daemon = srv->gate ? MHD_start_daemon(
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_NO_LISTEN_SOCKET |
            MHD_USE_ITC,
        0, NULL, NULL, answer_request, srv,
        MHD_OPTION_CONNECTION_LIMIT, o->max_connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, o->max_per_ip,
        MHD_OPTION_CONNECTION_TIMEOUT, o->timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, o->connection_memory,
        MHD_OPTION_NOTIFY_COMPLETED, request_done, srv,
        MHD_OPTION_NOTIFY_CONNECTION, notify_connection, srv,
        MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
        MHD_OPTION_END) : NULL;
    if (!srv->daemon) {
        pliego_error_set(err, PLIEGO_ERROR_IO, "", 0, 0,
                         "cannot listen on %s port %d (in use, or not an address of this "
                         "machine?)", o->host, o->port);
        return false;
    }
    serve_gate_start(srv->gate, srv->daemon);
    return true;
}

static void free_answer(gpointer data)
{
    serve_answer_clear(data);
    g_free(data);
}

static int run_server(const serve_context *context, serve_customers *customers)
{
    const serve_options *o = context->options;
    server srv = {.options = o, .context = context, .customers = customers};
    pliego_error err = {0};
    srv.web_real = realpath(o->web_dir, NULL);
    if (!srv.web_real) {
        pliego_error_set(&err, PLIEGO_ERROR_IO, o->web_dir, 0, 0,
                         "the web folder cannot be opened: %s", g_strerror(errno));
        pliego_error_print(&err, stderr);
        return 2;
    }
    if (!make_token(srv.csrf)) {
        pliego_error_set(&err, PLIEGO_ERROR_IO, "", 0, 0, "no random bytes for a CSRF token");
        pliego_error_print(&err, stderr);
        free(srv.web_real);
        return 3;
    }
    srv.meta = serve_meta_json(context->cat[0], context->cat[1], srv.csrf);
    raise_file_limit();
    /* workers first: they are forked before any thread exists */
    srv.pool = serve_pool_new(context, &err);
    int status = 0;
    g_mutex_init(&srv.lock);
    srv.connections = g_hash_table_new(NULL, NULL);
    srv.variants = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, free_answer);
    if (!srv.pool || !start_daemon(&srv, &err)) {
        pliego_error_print(&err, stderr);
        status = 3;
    } else {
        GThread *watcher = g_thread_new("pliego-watch", watch, &srv);
        bool v6 = strchr(o->host, ':') != NULL;
        fprintf(stderr, "pliego serve: listening on http://%s%s%s:%u/ (%d workers)\n",
                v6 ? "[" : "", o->host, v6 ? "]" : "", serve_gate_port(srv.gate), o->workers);
        while (!*o->stop)
            g_usleep(100 * 1000);
        fprintf(stderr, "pliego serve: stopping (signal %d)\n", (int)*o->stop);
        /* no new connections */
        serve_gate_free(srv.gate);
        srv.gate = NULL;
        g_mutex_lock(&srv.lock);
        srv.stopping = true;
        g_mutex_unlock(&srv.lock);
        g_thread_join(watcher);
        /* answers the waiting requests (503) before the daemon closes them */
        serve_pool_free(srv.pool);
        srv.pool = NULL;
    }
    if (srv.daemon)
        MHD_stop_daemon(srv.daemon);
    serve_gate_free(srv.gate);
    serve_pool_free(srv.pool);
    g_hash_table_destroy(srv.connections);
    g_hash_table_destroy(srv.variants);
    g_mutex_clear(&srv.lock);
    g_free(srv.meta);
    free(srv.web_real);
    return status;
}

/* Loads what the workers inherit: the catalogue(s), checked; the
   templates, compiled; the sample customer of variants; the customers. */
int serve_run(const serve_options *o)
{
    serve_context context = {.options = o};
    pliego_error err = {0};
    catalog_customer_set *customers = NULL;
    int status = 2;
    context.catalog_dir[0] = o->catalog_dir;
    context.catalog_dir[1] = o->compare_catalog_dir;
    context.templates_dir = g_strdup(o->templates_dir);
    /* loaded once, through the contract API; the legal routes read the
       same catalogue and templates through the stages' own objects */
    if (!g_file_test(o->catalog_dir, G_FILE_TEST_IS_DIR)) {
        pliego_error_set(&err, PLIEGO_ERROR_IO, o->catalog_dir, 0, 0, "no catalogue folder here");
        goto done;
    }
    if (!(context.contract_catalog = pliego_catalog_load(o->catalog_dir, &err)) ||
        !(context.contract_templates = pliego_templates_load(o->templates_dir,
                                                             context.contract_catalog, &err)))
        goto done;
    context.cat[0] = contract_catalog(context.contract_catalog);
    context.templates = contract_xslt(context.contract_templates);
    if (o->compare_catalog_dir &&
        !(context.cat[1] = context.compare_catalog = cli_catalog_load(o->compare_catalog_dir, &err)))
        goto done;
    for (size_t k = 0; pliego_document_kind_name(k); k++)
        if (!pliego_templates_compile(context.contract_templates, pliego_document_kind_name(k),
                                      &err))
            goto done;
    if (!(context.sample = cli_sample_load(NULL, 0, &err)))
        goto done;
    if (o->customers_path && !(customers = catalog_customer_set_load(o->customers_path, &err)))
        goto done;
    serve_customers *list = serve_customers_new(customers);
    status = run_server(&context, list);
    serve_customers_free(list);
done:
    if (status == 2 && err.message[0])
        pliego_error_print(&err, stderr);
    catalog_customer_set_free(customers);
    catalog_customer_set_free(context.sample);
    pliego_templates_free(context.contract_templates);
    pliego_catalog_free(context.contract_catalog);
    catalog_free(context.compare_catalog);
    g_free(context.templates_dir);
    return status;
}
