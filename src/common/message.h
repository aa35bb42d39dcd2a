/* Messages between a process and the workers it forks, over pipes: a
 * 4-byte length, then fields (64-bit integers and length-prefixed byte
 * strings). pliego batch and pliego serve both talk to their workers this
 * way. A reader never trusts a length: a torn or lying message is reported
 * as such, never read past.
 */
#ifndef PLIEGO_MESSAGE_H
#define PLIEGO_MESSAGE_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "pliego/pliego.h"

/* The largest message a reader accepts. */
#define MESSAGE_MAX_BYTES (64 * 1024 * 1024)

/* Writes all of data to fd, retrying after signals; false when fd fails. */
bool message_write_all(int fd, const void *data, size_t length);

/* Appends fields to a message (a GByteArray from g_byte_array_new). */
void message_put_int(GByteArray *message, gint64 value);
/* text may be NULL (read back as NULL) */
void message_put_string(GByteArray *message, const char *text);
void message_put_bytes(GByteArray *message, const void *data, size_t length);

/* Sends message with its length in front and frees it; false when fd is
 * closed or fails. */
bool message_send(int fd, GByteArray *message);

/* Reads one message: 1 (in *data, g_free, and *length), 0 at end of file
 * before any byte, -1 for a torn message or one over MESSAGE_MAX_BYTES. */
int message_receive(int fd, guint8 **data, guint32 *length);

/* Reads the fields of a received message in order. A field that does not
 * fit sets bad, and every later read returns 0 or NULL. */
typedef struct {
    const guint8 *data;
    guint32 length;
    guint32 at;
    bool bad;
} message_cursor;

gint64 message_get_int(message_cursor *c);
/* A new string (g_free), or NULL for an absent one; *length (may be NULL)
 * gets its length in bytes (it may hold NUL bytes). */
char *message_get_bytes(message_cursor *c, size_t *length);
char *message_get_string(message_cursor *c);

/* Forks a worker with a pipe each way (both close-on-exec). In the child,
 * the parent's ends are closed, SIGPIPE is set back to its default, the
 * child is killed when the parent dies (so a parent killed outright takes
 * its workers along), and run(data, in_fd, out_fd) is called, which must
 * not return; it closes first what else the child must not hold open
 * (other workers' pipes, or they would never see their end of file). In
 * the parent, *pid, *to_fd (write the worker's input) and *from_fd (read
 * its output) are set. false with err when a pipe or the fork fails. */
bool message_fork_worker(G_NORETURN void (*run)(void *data, int in_fd, int out_fd),
                         void *data, pid_t *pid, int *to_fd, int *from_fd,
                         pliego_error *err);

#endif
