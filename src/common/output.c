/* Whole output files written through a temporary file; see output.h. */
#include "common/output.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* write() may take less than it is given (a file size limit reached
 * mid-way); the next call then says why. */
static bool write_all(int fd, const char *data, size_t length)
{
    while (length > 0) {
        ssize_t written = write(fd, data, length);
        if (written < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data += written;
        length -= (size_t)written;
    }
    return true;
}

static bool write_error(pliego_error *err, const char *path, int number)
{
    pliego_error_set(err, PLIEGO_ERROR_IO, path, 0, 0, "cannot write: %s",
                     g_strerror(number));
    return false;
}

bool pliego_write_file(const char *path, const void *data, size_t length,
                       pliego_error *err)
{
    if (strcmp(path, "-") == 0) {
        if (fwrite(data, 1, length, stdout) != length || fflush(stdout) != 0)
            return write_error(err, "-", errno ? errno : EIO);
        return true;
    }
    if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
        pliego_error_set(err, PLIEGO_ERROR_IO, path, 0, 0,
                         "cannot write: it is a directory");
        return false;
    }
    char *directory = g_path_get_dirname(path);
    char *base = g_path_get_basename(path);
    char *hidden = g_strconcat(base[0] == '.' ? "" : ".", base, ".XXXXXX", NULL);
    char *temporary = g_build_filename(directory, hidden, NULL);
    int fd = g_mkstemp_full(temporary, O_RDWR, 0666);
    bool ok = fd >= 0;
    int number = errno;
    if (ok) {
        ok = write_all(fd, data, length);
        number = errno;
        if (close(fd) != 0 && ok) {
            ok = false;
            number = errno;
        }
        if (ok && g_rename(temporary, path) != 0) {
            ok = false;
            number = errno;
        }
        if (!ok)
            g_unlink(temporary);
    }
    if (!ok)
        write_error(err, path, number);
    g_free(temporary);
    g_free(hidden);
    g_free(base);
    g_free(directory);
    return ok;
}

bool pliego_write_to(pliego_write_fn write, void *ctx, const void *data, size_t length,
                     pliego_error *err)
{
    if (length == 0 || write(ctx, data, length))
        return true;
    pliego_error_set(err, PLIEGO_ERROR_IO, "", 0, 0,
                     "the output stopped: its receiver took no more bytes");
    if (err)
        err->kind = PLIEGO_ERROR_KIND_OUTPUT;
    return false;
}
