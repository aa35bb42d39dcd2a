/* Text from the input made safe to print on a terminal, or to put in a
 * CSV file or an XML file written by hand. */
#ifndef PLIEGO_ESCAPE_H
#define PLIEGO_ESCAPE_H

#include <glib.h>
#include <stdbool.h>

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

/* Appends text (UTF-8) to out as XML 1.0 character data: &, <, > and "
 * as entity references; in an attribute value (attribute true) also line
 * feeds and tabs as character references, so that a parser's attribute
 * normalisation does not turn them into spaces; a carriage return always
 * as &#13;. The other C0 controls, which XML 1.0 cannot hold in any form,
 * become spaces. */
void pliego_xml_append_escaped(GString *out, const char *text, bool attribute);

#endif
