/* Text from the input made safe to print on a terminal, or to put in a
 * CSV file. */
#ifndef PLIEGO_ESCAPE_H
#define PLIEGO_ESCAPE_H

#include <glib.h>

/* A copy of text (UTF-8, or not) in which every control character is
 * written out: C0 controls and DEL as \xHH (ESC is \x1B), the C1
 * controls U+0080 to U+009F as \uHHHH, a byte that is not UTF-8 as \xHH.
 * Messages quote customer data, file names and template output; without
 * this an ESC or BEL from a customer record would reach the terminal and
 * act on it. One trailing line break is dropped first. The caller
 * g_free()s the result. */
char *pliego_escape_controls(const char *text);

/* Appends value to csv as an RFC 4180 cell: as it is, or in double quotes
 * (each quote doubled) when it holds a comma, a quote or a line break. */
void pliego_csv_append_cell(GString *csv, const char *value);

#endif
