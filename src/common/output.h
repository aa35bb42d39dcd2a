/* Writing a finished output in one go (document XML, XSL-FO, PDF): into a
 * file, or through the caller's write function. */
#ifndef PLIEGO_OUTPUT_H
#define PLIEGO_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "pliego/pliego.h"

/* Writes length bytes of data to path ("-" is standard output) through a
 * hidden temporary file in the same folder (".NAME.XXXXXX", or
 * "NAME.XXXXXX" when NAME starts with a dot already) renamed into
 * place, so a failure (a full disk, a missing folder, a path that is a
 * directory) leaves no file behind. Returns false with err filled
 * (PLIEGO_ERROR_IO, naming path and the system's reason). */
bool pliego_write_file(const char *path, const void *data, size_t length,
                       pliego_error *err);

/* Hands length bytes of data to write (nothing when length is 0). When
 * write returns false: false with err filled (PLIEGO_ERROR_IO, kind
 * PLIEGO_ERROR_KIND_OUTPUT). */
bool pliego_write_to(pliego_write_fn write, void *ctx, const void *data, size_t length,
                     pliego_error *err);

#endif
