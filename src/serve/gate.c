/* The gate of pliego serve: accepts connections itself and hands each to
 * libmicrohttpd (MHD_add_connection) once its request line has arrived.
 *
 * libmicrohttpd 0.9.75 (Debian 12) answers malformed HTTP with 400, but a
 * request line with no space in it (GARBAGE, random bytes) is dropped
 * without an answer, and one holding a NUL byte waits until the
 * connection timeout; none of its options changes that. The gate reads
 * (without taking them: MSG_PEEK) the first bytes of each connection and
 * answers those two kinds 400 itself; everything else, well formed or
 * not, is libmicrohttpd's to answer. A connection whose request line does
 * not arrive within the connection timeout is closed, as libmicrohttpd
 * would; the timeout keeps counting from the accept after the hand-over
 * (serve_gate_accepted).
 */
#include "serve/gate.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

/* The bytes looked at: a longer request line is handed over whole, and
   libmicrohttpd answers 414 when it is over the connection's memory. */
#define PEEK_BYTES 8192

typedef struct {
    int fd;
    struct sockaddr_storage address;
    socklen_t length;
    gint64 accepted;
} waiting;

struct serve_gate {
    int listen_fd;
    int epoll_fd;
    unsigned max_waiting;
    gint64 timeout;              /* microseconds */
    bool quiet;
    char *refusal;               /* the 400 answer, whole */
    struct MHD_Daemon *daemon;
    GThread *thread;
    gint stop;                   /* atomic */
    GHashTable *waiting;         /* waiting * set (the gate's thread only) */
    GMutex lock;                 /* accepted */
    GHashTable *accepted;        /* fd -> accept time (gint64 *), handed over */
};

/* The answer to a request line that is not HTTP's: the headers of every
   answer of pliego serve (server.c), and the errors JSON. */
#define NOT_HTTP_BODY "{\"error\":\"the request line is not HTTP: METHOD TARGET HTTP/1.1\"}\n"
#define NOT_HTTP_HEAD                                                                      \
    "HTTP/1.1 400 Bad Request\r\n"                                                           \
    "Content-Type: application/json\r\n"                                                     \
    "Content-Security-Policy: default-src 'self'\r\n"                                        \
    "X-Content-Type-Options: nosniff\r\n"                                                    \
    "Referrer-Policy: no-referrer\r\n"                                                       \
    "X-Frame-Options: DENY\r\n"                                                              \
    "Cache-Control: no-store\r\n"                                                            \
    "Connection: close\r\n"

serve_gate *serve_gate_new(const struct sockaddr *address, socklen_t length,
                           unsigned pending, unsigned timeout, bool quiet, pliego_error *err)
{
    int fd = socket(address->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int on = 1;
    if (fd >= 0) {
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
        if (address->sa_family == AF_INET6)
            setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
    }
    if (fd < 0 || bind(fd, address, length) != 0 || listen(fd, 1024) != 0) {
        pliego_error_set(err, PLIEGO_ERROR_IO, "", 0, 0, "%s", g_strerror(errno));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    serve_gate *gate = g_new0(serve_gate, 1);
    gate->listen_fd = fd;
    gate->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    gate->max_waiting = pending;
    gate->timeout = (gint64)timeout * G_USEC_PER_SEC;
    gate->quiet = quiet;
    gate->refusal = g_strdup_printf(NOT_HTTP_HEAD "Content-Length: %zu\r\n\r\n%s",
                                    strlen(NOT_HTTP_BODY), NOT_HTTP_BODY);
    gate->waiting = g_hash_table_new(NULL, NULL);
    g_mutex_init(&gate->lock);
    gate->accepted = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    struct epoll_event event = {.events = EPOLLIN, .data.ptr = NULL};
    epoll_ctl(gate->epoll_fd, EPOLL_CTL_ADD, fd, &event);
    return gate;
}

unsigned serve_gate_port(const serve_gate *gate)
{
    struct sockaddr_storage address;
    socklen_t length = sizeof address;
    if (getsockname(gate->listen_fd, (struct sockaddr *)&address, &length) != 0)
        return 0;
    if (address.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&address)->sin6_port);
    return ntohs(((struct sockaddr_in *)&address)->sin_port);
}

gint64 serve_gate_accepted(serve_gate *gate, int fd, gint64 now)
{
    if (!gate)
        return now;
    g_mutex_lock(&gate->lock);
    gint64 *when = g_hash_table_lookup(gate->accepted, GINT_TO_POINTER(fd));
    gint64 accepted = when ? *when : now;
    g_hash_table_remove(gate->accepted, GINT_TO_POINTER(fd));
    g_mutex_unlock(&gate->lock);
    return accepted;
}

static void forget(serve_gate *gate, waiting *w)
{
    epoll_ctl(gate->epoll_fd, EPOLL_CTL_DEL, w->fd, NULL);
    g_hash_table_remove(gate->waiting, w);
    g_free(w);
}

/* Takes what the client sent (up to 64 reads: a client that keeps
   sending gets a reset), so closing sends an end of stream rather than a
   reset that could discard an answer. */
static void drain(int fd)
{
    char sink[PEEK_BYTES];
    for (int i = 0; i < 64 && recv(fd, sink, sizeof sink, MSG_DONTWAIT) > 0; i++)
        continue;
}

static void drop(serve_gate *gate, waiting *w)
{
    drain(w->fd);
    close(w->fd);
    forget(gate, w);
}

/* What the first bytes of a connection are. */
typedef enum { LINE_INCOMPLETE, LINE_NOT_HTTP, LINE_HAND_OVER } line_verdict;

static line_verdict judge(const char *bytes, size_t length)
{
    /* empty lines before a request line are allowed (RFC 9112, 2.2) */
    size_t start = 0;
    while (start < length && (bytes[start] == '\r' || bytes[start] == '\n'))
        start++;
    const char *line = bytes + start;
    const char *end = memchr(line, '\n', length - start);
    size_t line_length = end ? (size_t)(end - line) : length - start;
    if (memchr(line, '\0', line_length))
        return LINE_NOT_HTTP;
    if (!end)
        return length >= PEEK_BYTES ? LINE_HAND_OVER : LINE_INCOMPLETE;
    return memchr(line, ' ', line_length) ? LINE_HAND_OVER : LINE_NOT_HTTP;
}

/* Answers 400 and closes. */
static void refuse(serve_gate *gate, waiting *w)
{
    drain(w->fd);
    ssize_t sent = send(w->fd, gate->refusal, strlen(gate->refusal), MSG_NOSIGNAL | MSG_DONTWAIT);
    (void)sent; /* a client that cannot take 400 bytes gets none */
    shutdown(w->fd, SHUT_WR);
    if (!gate->quiet)
        fprintf(stderr, "pliego serve: - (not HTTP) 400 0 ms\n");
    drop(gate, w);
}

static void hand_over(serve_gate *gate, waiting *w)
{
    int fd = w->fd;
    gint64 *when = g_new(gint64, 1);
    *when = w->accepted;
    g_mutex_lock(&gate->lock);
    g_hash_table_insert(gate->accepted, GINT_TO_POINTER(fd), when);
    g_mutex_unlock(&gate->lock);
    struct sockaddr_storage address = w->address;
    socklen_t length = w->length;
    forget(gate, w);
    /* libmicrohttpd owns the socket from here, and closes it on failure
       (over the connection limits) */
    if (MHD_add_connection(gate->daemon, fd, (struct sockaddr *)&address, length) != MHD_YES)
        serve_gate_accepted(gate, fd, 0);
}

static void look(serve_gate *gate, waiting *w)
{
    char bytes[PEEK_BYTES];
    ssize_t got = recv(w->fd, bytes, sizeof bytes, MSG_PEEK | MSG_DONTWAIT);
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return;
    if (got <= 0) {
        drop(gate, w);
        return;
    }
    switch (judge(bytes, (size_t)got)) {
    case LINE_INCOMPLETE:
        break;
    case LINE_NOT_HTTP:
        refuse(gate, w);
        break;
    case LINE_HAND_OVER:
        hand_over(gate, w);
        break;
    }
}

static void accept_all(serve_gate *gate)
{
    for (;;) {
        waiting *w = g_new0(waiting, 1);
        w->length = sizeof w->address;
        w->fd = accept4(gate->listen_fd, (struct sockaddr *)&w->address, &w->length,
                        SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (w->fd < 0) {
            g_free(w);
            return;
        }
        if (g_hash_table_size(gate->waiting) >= gate->max_waiting) {
            close(w->fd);
            g_free(w);
            continue;
        }
        w->accepted = g_get_monotonic_time();
        g_hash_table_add(gate->waiting, w);
        /* edge-triggered: peeking leaves the bytes there, so only new bytes
           wake the gate again */
        struct epoll_event event = {.events = EPOLLIN | EPOLLRDHUP | EPOLLET, .data.ptr = w};
        epoll_ctl(gate->epoll_fd, EPOLL_CTL_ADD, w->fd, &event);
        look(gate, w);
    }
}

/* Connections whose request line did not come within the timeout. */
static void expire(serve_gate *gate)
{
    gint64 now = g_get_monotonic_time();
    GHashTableIter iter;
    gpointer key;
    GPtrArray *late = g_ptr_array_new();
    g_hash_table_iter_init(&iter, gate->waiting);
    while (g_hash_table_iter_next(&iter, &key, NULL))
        if (now - ((waiting *)key)->accepted >= gate->timeout)
            g_ptr_array_add(late, key);
    for (guint i = 0; i < late->len; i++)
        drop(gate, late->pdata[i]);
    g_ptr_array_free(late, TRUE);
}

static gpointer run(gpointer data)
{
    serve_gate *gate = data;
    struct epoll_event events[64];
    while (!g_atomic_int_get(&gate->stop)) {
        int count = epoll_wait(gate->epoll_fd, events, G_N_ELEMENTS(events), 100);
        for (int i = 0; i < count; i++) {
            if (!events[i].data.ptr)
                accept_all(gate);
            else
                look(gate, events[i].data.ptr);
        }
        expire(gate);
    }
    return NULL;
}

void serve_gate_start(serve_gate *gate, struct MHD_Daemon *daemon)
{
    gate->daemon = daemon;
    gate->thread = g_thread_new("pliego-gate", run, gate);
}

void serve_gate_free(serve_gate *gate)
{
    if (!gate)
        return;
    g_atomic_int_set(&gate->stop, 1);
    if (gate->thread)
        g_thread_join(gate->thread);
    GHashTableIter iter;
    gpointer key;
    g_hash_table_iter_init(&iter, gate->waiting);
    while (g_hash_table_iter_next(&iter, &key, NULL)) {
        close(((waiting *)key)->fd);
        g_free(key);
    }
    g_hash_table_destroy(gate->waiting);
    g_hash_table_destroy(gate->accepted);
    g_mutex_clear(&gate->lock);
    close(gate->epoll_fd);
    close(gate->listen_fd);
    g_free(gate->refusal);
    g_free(gate);
}
