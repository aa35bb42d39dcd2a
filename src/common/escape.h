/* Text from the input made safe to print on a terminal. */
#ifndef PLIEGO_ESCAPE_H
#define PLIEGO_ESCAPE_H

/* A copy of text (UTF-8, or not) in which every control character is
 * written out: C0 controls and DEL as \xHH (ESC is \x1B), the C1
 * controls U+0080 to U+009F as \uHHHH, a byte that is not UTF-8 as \xHH.
 * Messages quote customer data, file names and template output; without
 * this an ESC or BEL from a customer record would reach the terminal and
 * act on it. One trailing line break is dropped first. The caller
 * g_free()s the result. */
char *pliego_escape_controls(const char *text);

#endif
