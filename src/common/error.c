/* pliego_error: errors as values with the place in the user's input. */
#include "pliego/pliego.h"
#include "common/escape.h"

#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void pliego_error_set(pliego_error *err, pliego_error_code code,
                      const char *file, int line, int column,
                      const char *format, ...)
{
    if (!err)
        return;
    err->code = code;
    err->kind = PLIEGO_ERROR_KIND_NONE;
    err->field[0] = err->rule[0] = err->clause[0] = '\0';
    err->row = 0;
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

/* The length of a leading "row N" or "row N, column NAME" in message,
   up to the ": " that ends it, or 0. Customer records say where a CSV
   value is that way; the printer moves it before "error:" so that every
   message has the place first. */
static size_t row_place_length(const char *message)
{
    if (strncmp(message, "row ", 4) != 0 || !g_ascii_isdigit(message[4]))
        return 0;
    const char *end = strstr(message, ": ");
    if (!end)
        return 0;
    const char *p = message + 4;
    while (g_ascii_isdigit(*p))
        p++;
    if (p != end && strncmp(p, ", column ", 9) != 0)
        return 0;
    return (size_t)(end - message);
}

void pliego_error_print(const pliego_error *err, FILE *stream)
{
    const char *message = err->message;
    size_t place = err->line > 0 ? 0 : row_place_length(message);
    if (!err->file[0])
        fprintf(stream, "pliego: error: %s\n", message);
    else if (err->line > 0 && err->column > 0)
        fprintf(stream, "pliego: %s:%d:%d: error: %s\n", err->file, err->line,
                err->column, message);
    else if (err->line > 0)
        fprintf(stream, "pliego: %s:%d: error: %s\n", err->file, err->line, message);
    else if (place > 0)
        fprintf(stream, "pliego: %s: %.*s: error: %s\n", err->file, (int)place, message,
                message + place + 2);
    else
        fprintf(stream, "pliego: %s: error: %s\n", err->file, message);
}

const char *pliego_error_kind_name(pliego_error_kind kind)
{
    static const char *const names[] = {"", "request", "catalog", "customer", "rule",
                                        "template", "render", "output"};
    return (unsigned)kind < G_N_ELEMENTS(names) ? names[kind] : "";
}
