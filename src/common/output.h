/* Writing a finished output file in one go (document XML, XSL-FO). */
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

#endif
