/* Length-prefixed messages on pipes (common/message.h). */
#include "common/message.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

bool message_write_all(int fd, const void *data, size_t length)
{
    const char *p = data;
    while (length > 0) {
        ssize_t written = write(fd, p, length);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return false;
        p += written;
        length -= (size_t)written;
    }
    return true;
}

/* 1 read, 0 end of file before any byte, -1 torn or failed */
static int read_all(int fd, void *data, size_t length)
{
    char *p = data;
    size_t got = 0;
    while (got < length) {
        ssize_t n = read(fd, p + got, length - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return got == 0 && n == 0 ? 0 : -1;
        got += (size_t)n;
    }
    return 1;
}

void message_put_int(GByteArray *message, gint64 value)
{
    g_byte_array_append(message, (const guint8 *)&value, sizeof value);
}

void message_put_bytes(GByteArray *message, const void *data, size_t length)
{
    message_put_int(message, (gint64)length);
    if (length)
        g_byte_array_append(message, data, (guint)length);
}

void message_put_string(GByteArray *message, const char *text)
{
    if (text)
        message_put_bytes(message, text, strlen(text));
    else
        message_put_int(message, -1);
}

/* The length and the message in one write when it fits a pipe's atomic
   size, so a reader sees whole small messages. */
bool message_send(int fd, GByteArray *message)
{
    guint32 length = message->len;
    g_byte_array_prepend(message, (const guint8 *)&length, sizeof length);
    bool ok = message_write_all(fd, message->data, message->len);
    g_byte_array_free(message, TRUE);
    return ok;
}

int message_receive(int fd, guint8 **data, guint32 *length)
{
    int got = read_all(fd, length, sizeof *length);
    if (got <= 0)
        return got;
    if (*length > MESSAGE_MAX_BYTES)
        return -1;
    *data = g_malloc(*length ? *length : 1);
    if (read_all(fd, *data, *length) != 1) {
        g_free(*data);
        *data = NULL;
        return -1;
    }
    return 1;
}

gint64 message_get_int(message_cursor *c)
{
    gint64 value = 0;
    if (c->bad || c->at + sizeof value > c->length) {
        c->bad = true;
        return 0;
    }
    memcpy(&value, c->data + c->at, sizeof value);
    c->at += sizeof value;
    return value;
}

char *message_get_bytes(message_cursor *c, size_t *length)
{
    gint64 size = message_get_int(c);
    if (length)
        *length = 0;
    if (size < 0 || c->bad)
        return NULL;
    if ((guint64)size > c->length - c->at) {
        c->bad = true;
        return NULL;
    }
    char *bytes = g_malloc((gsize)size + 1);
    memcpy(bytes, c->data + c->at, (size_t)size);
    bytes[size] = '\0';
    c->at += (guint32)size;
    if (length)
        *length = (size_t)size;
    return bytes;
}

char *message_get_string(message_cursor *c)
{
    return message_get_bytes(c, NULL);
}

bool message_fork_worker(G_NORETURN void (*run)(void *data, int in_fd, int out_fd),
                         void *data, pid_t *pid, int *to_fd, int *from_fd,
                         pliego_error *err)
{
    int to[2], from[2];
    if (pipe2(to, O_CLOEXEC) != 0) {
        pliego_error_set(err, PLIEGO_ERROR_IO, "", 0, 0, "cannot make a pipe: %s",
                         g_strerror(errno));
        return false;
    }
    if (pipe2(from, O_CLOEXEC) != 0) {
        pliego_error_set(err, PLIEGO_ERROR_IO, "", 0, 0, "cannot make a pipe: %s",
                         g_strerror(errno));
        close(to[0]);
        close(to[1]);
        return false;
    }
    fflush(stdout);
    fflush(stderr);
    pid_t parent = getpid();
    pid_t child = fork();
    if (child < 0) {
        pliego_error_set(err, PLIEGO_ERROR_IO, "", 0, 0, "cannot start a worker: %s",
                         g_strerror(errno));
        close(to[0]);
        close(to[1]);
        close(from[0]);
        close(from[1]);
        return false;
    }
    if (child == 0) {
        close(to[1]);
        close(from[0]);
        signal(SIGPIPE, SIG_DFL);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        /* the parent may have died before prctl */
        if (getppid() != parent)
            _exit(1);
        run(data, to[0], from[1]);
    }
    close(to[0]);
    close(from[1]);
    *pid = child;
    *to_fd = to[1];
    *from_fd = from[0];
    return true;
}
