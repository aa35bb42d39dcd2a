/* pliego_error: errors as values with the place in the user's input. */
#include "pliego/pliego.h"
#include "common/escape.h"

#include <glib.h>
#include <stdarg.h>
#include <stdio.h>

void pliego_error_set(pliego_error *err, pliego_error_code code,
                      const char *file, int line, int column,
                      const char *format, ...)
{
    if (!err)
        return;
    err->code = code;
    char *safe = pliego_escape_controls(file ? file : "");
    g_strlcpy(err->file, safe, sizeof err->file);
    g_free(safe);
    err->line = line;
    err->column = column;
    va_list args;
    va_start(args, format);
    char *message = g_strdup_vprintf(format, args);
    va_end(args);
    safe = pliego_escape_controls(message);
    g_strlcpy(err->message, safe, sizeof err->message);
    g_free(safe);
    g_free(message);
}

void pliego_error_print(const pliego_error *err, FILE *stream)
{
    if (err->file[0] && err->line > 0 && err->column > 0)
        fprintf(stream, "%s:%d:%d: error: %s\n", err->file, err->line,
                err->column, err->message);
    else if (err->file[0] && err->line > 0)
        fprintf(stream, "%s:%d: error: %s\n", err->file, err->line,
                err->message);
    else if (err->file[0])
        fprintf(stream, "%s: error: %s\n", err->file, err->message);
    else
        fprintf(stream, "pliego: error: %s\n", err->message);
}
