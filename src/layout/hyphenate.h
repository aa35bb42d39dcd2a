/* Hyphenation for layout (hyphenate.c): soft hyphens from libhyphen. */
#ifndef PLIEGO_HYPHENATE_H
#define PLIEGO_HYPHENATE_H

#include <glib.h>
#include <stdbool.h>

/* Whether a dictionary exists for language (ISO 639, e.g. "es") and
 * country (ISO 3166, e.g. "MX", or NULL/"none"). */
bool hyphenate_available(const char *language, const char *country);

/* Appends word (length bytes of UTF-8) to out with U+00AD at every allowed
 * break that leaves at least remain characters before it and push after. */
void hyphenate_word(const char *language, const char *country,
                    const char *word, int length, int remain, int push,
                    GString *out);

#endif
