/* The web folder of pliego serve (files.c). */
#ifndef PLIEGO_SERVE_FILES_H
#define PLIEGO_SERVE_FILES_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

/* The Content-Type of a file by its name's ending. */
const char *serve_file_type(const char *path);

/* True when path (decoded, relative to the folder) is plain names joined
 * by "/": none empty or starting with a dot, no backslash. */
bool serve_file_path_safe(const char *path);

/* Reads path inside folder_real (the folder's real path: realpath) into
 * *data (g_free) and *length. false when the path is not safe, the file
 * is missing, not a regular file, too big, or reached through a symbolic
 * link: the caller answers 404 and says no more. */
bool serve_file_read(const char *folder_real, const char *path, char **data,
                     size_t *length);

#endif
