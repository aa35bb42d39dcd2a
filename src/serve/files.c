/* The pages of pliego serve: files of the web folder (HTML, CSS, JS and
 * images), by a path taken from the URL. Nothing outside the folder can
 * be reached: the path must be plain names (no "..", ".", empty or hidden
 * parts, no backslash or NUL, whatever encoding brought them), and the
 * file's real path, with every symbolic link resolved, must be the folder
 * joined with that path, so a link anywhere on the way is refused too.
 */
#include "serve/files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Bytes a page may have: the folder holds pages, not downloads. */
#define MAX_FILE_BYTES (8 * 1024 * 1024)

static const struct {
    const char *suffix;
    const char *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".json", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
};

const char *serve_file_type(const char *path)
{
    for (size_t i = 0; i < G_N_ELEMENTS(types); i++)
        if (g_str_has_suffix(path, types[i].suffix))
            return types[i].type;
    return "application/octet-stream";
}

bool serve_file_path_safe(const char *path)
{
    if (!path || !*path || strlen(path) > 1024 || strchr(path, '\\'))
        return false;
    char **parts = g_strsplit(path, "/", -1);
    bool safe = true;
    for (char **p = parts; *p && safe; p++)
        safe = **p != '\0' && **p != '.';
    g_strfreev(parts);
    return safe;
}

bool serve_file_read(const char *folder_real, const char *path, char **data, size_t *length)
{
    *data = NULL;
    *length = 0;
    if (!serve_file_path_safe(path))
        return false;
    char *joined = g_build_filename(folder_real, path, NULL);
    char *real = realpath(joined, NULL);
    bool inside = real && strcmp(real, joined) == 0;
    free(real);
    int fd = inside ? open(joined, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) : -1;
    g_free(joined);
    if (fd < 0)
        return false;
    struct stat st;
    bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= MAX_FILE_BYTES;
    if (ok) {
        *data = g_malloc((gsize)st.st_size + 1);
        size_t got = 0;
        while (ok && got < (size_t)st.st_size) {
            ssize_t n = read(fd, *data + got, (size_t)st.st_size - got);
            if (n < 0 && errno == EINTR)
                continue;
            ok = n > 0;
            if (ok)
                got += (size_t)n;
        }
        *length = got;
        if (!ok)
            g_clear_pointer(data, g_free);
    }
    close(fd);
    return ok;
}
