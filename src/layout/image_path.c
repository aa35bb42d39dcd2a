/* Where images may be read from: the src of an fo:external-graphic to a
 * file inside the allowed folders.
 *
 * An FO file names images by path or file: URI, relative to its own
 * folder. A hostile FO could name /etc/shadow, ../../secret.png or a
 * symbolic link out of its folder, or a URL that would make pliego fetch
 * from the network. So only local files are read, each path is resolved
 * with realpath (no "..", no symbolic links left) and must lie inside the
 * FO file's folder or a folder the caller allowed; and only regular files
 * (never a FIFO that would block, nor a device). Nothing is opened before
 * the check passes.
 */
#include "layout/image.h"

#include <errno.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Length of a URI scheme at the start of src ("http" of "http://..."),
 * or 0. One letter is a Windows drive, not a scheme. */
static size_t scheme_length(const char *src)
{
    if (!g_ascii_isalpha(src[0]))
        return 0;
    size_t i = 1;
    while (g_ascii_isalnum(src[i]) || src[i] == '+' || src[i] == '-' ||
           src[i] == '.')
        i++;
    return src[i] == ':' && i > 1 ? i : 0;
}

/* The local path src names (g_free), or NULL with why filled. */
static char *local_path(const char *src, const char *base_directory, char *why,
                        size_t why_size)
{
    size_t scheme = scheme_length(src);
    char *path = NULL;
    if (scheme == 0) {
        path = g_strdup(src);
    } else if (scheme != 4 || g_ascii_strncasecmp(src, "file", 4) != 0) {
        g_snprintf(why, why_size, "image \"%s\" refused: only local files are "
                   "read, not %.*s: URIs", src, (int)scheme, src);
        return NULL;
    } else if (strncmp(src + 5, "//", 2) != 0) {
        path = g_strdup(src + 5); /* file:images/a.png, file:/srv/a.png */
    } else {
        char *host = NULL;
        path = g_filename_from_uri(src, &host, NULL);
        bool remote = host && g_ascii_strcasecmp(host, "localhost") != 0;
        g_free(host);
        if (!path || remote) {
            g_snprintf(why, why_size, "image \"%s\" refused: %s", src,
                       path ? "a file on another host" : "not a valid file: URI");
            g_free(path);
            return NULL;
        }
    }
    if (!path[0]) {
        g_snprintf(why, why_size, "image \"%s\" refused: no file named", src);
        g_free(path);
        return NULL;
    }
    if (g_path_is_absolute(path))
        return path;
    char *joined = g_build_filename(base_directory, path, NULL);
    g_free(path);
    return joined;
}

static bool inside(const char *path, const char *folder)
{
    size_t length = strlen(folder);
    if (length == 1 && folder[0] == '/')
        return true;
    return strncmp(path, folder, length) == 0 &&
           (path[length] == '/' || path[length] == '\0');
}

GPtrArray *image_folders_new(const char *base_directory, const GPtrArray *extra)
{
    GPtrArray *folders = g_ptr_array_new_with_free_func(free);
    char *real = realpath(base_directory, NULL);
    if (real)
        g_ptr_array_add(folders, real);
    for (guint i = 0; extra && i < extra->len; i++) {
        real = realpath(g_ptr_array_index(extra, i), NULL);
        if (real)
            g_ptr_array_add(folders, real);
    }
    return folders;
}

char *image_resolve(const char *src, const char *base_directory,
                    const GPtrArray *folders, char *why, size_t why_size)
{
    char *path = local_path(src, base_directory, why, why_size);
    if (!path)
        return NULL;
    char *real = realpath(path, NULL);
    if (!real) {
        int number = errno;
        g_snprintf(why, why_size, "cannot open image \"%s\": %s", path,
                   g_strerror(number));
        g_free(path);
        return NULL;
    }
    g_free(path);
    bool allowed = false;
    for (guint i = 0; i < folders->len && !allowed; i++)
        allowed = inside(real, g_ptr_array_index(folders, i));
    struct stat status;
    bool regular = allowed && stat(real, &status) == 0 && S_ISREG(status.st_mode);
    if (!allowed)
        g_snprintf(why, why_size, "image \"%s\" is outside the allowed "
                   "directories (the FO file's folder and those given to "
                   "read images from); it is not read", src);
    else if (!regular)
        g_snprintf(why, why_size, "image \"%s\" is not a regular file", src);
    char *result = regular ? g_strdup(real) : NULL;
    free(real);
    return result;
}
