/* Hyphenation for layout (hyphenate.c): soft hyphens from libhyphen. */
#ifndef PLIEGO_HYPHENATE_H
#define PLIEGO_HYPHENATE_H

#include <glib.h>
#include <stdbool.h>

/* Whether a dictionary exists for language (ISO 639, e.g. "es") and
 * country (ISO 3166, e.g. "MX", or NULL/"none"). */
bool hyphenate_available(const char *language, const char *country);

/* Appends word (length bytes of UTF-8, letters only) to out with U+00AD at
 * every break the dictionary allows that leaves at least remain characters
 * before it and push after. Positions are characters, in any dictionary
 * charset. Words under 4 or over 100 characters are copied unchanged. */
void hyphenate_word(const char *language, const char *country,
                    const char *word, int length, int remain, int push,
                    GString *out);

/* Appends text (length bytes of UTF-8) to out with every word hyphenated as
 * hyphenate_word does, except tokens between spaces that are addresses or
 * identifiers: any holding "/", "@", a digit, or "." between letters (URLs,
 * e-mail addresses, host names, service tags, order numbers) is copied
 * whole. Words a dictionary cannot spell (its charset lacks a letter) are
 * copied whole too. */
void hyphenate_text(const char *language, const char *country,
                    const char *text, int length, int remain, int push,
                    GString *out);

/* Whether the token from token to end (UTF-8, no spaces) is an address or
 * an identifier as hyphenate_text means it: it holds "/", "@", a digit,
 * or "." between letters. Such a token may break after "/" or "." with
 * no hyphen, and nowhere else. */
bool hyphenate_is_address(const char *token, const char *end);

#endif
