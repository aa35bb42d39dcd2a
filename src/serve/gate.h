/* The gate of pliego serve (gate.c): the listening socket, in front of
 * libmicrohttpd. */
#ifndef PLIEGO_SERVE_GATE_H
#define PLIEGO_SERVE_GATE_H

#include <glib.h>
#include <microhttpd.h>
#include <stdbool.h>
#include <sys/socket.h>

#include "pliego/pliego.h"

typedef struct serve_gate serve_gate;

/* Binds address and listens. pending bounds the connections waiting for
 * their request line, timeout (seconds) how long each may wait; quiet
 * leaves refused connections out of the log. NULL with err when the
 * address cannot be bound. */
serve_gate *serve_gate_new(const struct sockaddr *address, socklen_t length,
                           unsigned pending, unsigned timeout, bool quiet, pliego_error *err);

/* The port listened on (the one picked when 0 was asked for). */
unsigned serve_gate_port(const serve_gate *gate);

/* Starts the gate's thread, which hands connections to daemon (started
 * with MHD_USE_NO_LISTEN_SOCKET and MHD_USE_ITC). */
void serve_gate_start(serve_gate *gate, struct MHD_Daemon *daemon);

/* When the connection on socket fd was accepted (g_get_monotonic_time),
 * for the connection timeout, which counts from then; the time is
 * forgotten. now when the gate (which may be NULL) does not know fd. */
gint64 serve_gate_accepted(serve_gate *gate, int fd, gint64 now);

/* Stops the thread, closes the waiting connections and the socket. */
void serve_gate_free(serve_gate *gate);

#endif
