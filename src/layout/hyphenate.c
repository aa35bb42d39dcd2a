/* Hyphenation: words in, words with soft hyphens out.
 *
 * XSL's hyphenate="true" with language and country picks a libhyphen
 * dictionary (the pattern files LibreOffice uses, Debian's hyphen-* packages)
 * and marks every allowed break inside a word with U+00AD SOFT HYPHEN.
 * Pango then breaks there when a line needs it and draws the hyphen; an
 * unused soft hyphen stays invisible. Dictionaries are loaded once per
 * process and shared by every document, behind a lock.
 */
#include "layout/hyphenate.h"

#include <stdlib.h>
#include <string.h>

#ifdef PLIEGO_HAVE_HYPHEN
#include <hyphen.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

static GMutex lock;
static GHashTable *dictionaries; /* "es_ES" -> HyphenDict* or NULL (absent) */
static GHashTable *by_file;      /* real path -> HyphenDict*, loaded once */

/* ---- packing a loaded dictionary ----
 *
 * hnj_hyphen_load builds its state machine with one allocation per
 * state's string and per transition list, and a hash table of every
 * state that it frees at the end. For German (279,000 states) that left
 * 40 MiB resident: 21 MiB of live data scattered among 17 MiB of freed
 * hash entries that the allocator cannot give back, and a states array
 * grown by doubling. The dictionary is therefore copied into one block
 * of the exact size (13 MiB for German), the same structs of hyphen.h
 * that hnj_hyphen_hyphenate3 reads, and libhyphen's copy freed; with
 * the heap trimmed the process keeps about 15 MiB. Packed dictionaries
 * live as long as the process, so hnj_hyphen_free never sees them. */

#define ALIGNED(n) (((n) + 7) & ~(size_t)7)

/* NOHYPHEN's list: nohyphenl + 1 strings one after another. */
static size_t nohyphen_size(const HyphenDict *dict)
{
    size_t size = 0;
    for (int i = 0; dict->nohyphen && i <= dict->nohyphenl; i++)
        size += strlen(dict->nohyphen + size) + 1;
    return size;
}

static size_t transition_count(const HyphenDict *dict)
{
    size_t count = 0;
    for (int i = 0; i < dict->num_states; i++)
        count += (size_t)dict->states[i].num_trans;
    return count;
}

/* Bytes of dict and its next levels packed. */
static size_t packed_size(const HyphenDict *dict)
{
    size_t strings = nohyphen_size(dict);
    for (int i = 0; i < dict->num_states; i++) {
        const HyphenState *state = &dict->states[i];
        strings += (state->match ? strlen(state->match) + 1 : 0) +
                   (state->repl ? strlen(state->repl) + 1 : 0);
    }
    return ALIGNED(sizeof(HyphenDict)) +
           ALIGNED((size_t)dict->num_states * sizeof(HyphenState)) +
           ALIGNED(transition_count(dict) * sizeof(HyphenTrans)) + ALIGNED(strings) +
           (dict->nextlevel ? packed_size(dict->nextlevel) : 0);
}

static char *copy_bytes(char **at, const void *bytes, size_t length)
{
    char *copy = memcpy(*at, bytes, length);
    *at += length;
    return copy;
}

/* dict copied into block (packed_size bytes); returns the copy. */
static HyphenDict *pack_into(const HyphenDict *dict, char *block)
{
    HyphenDict *packed = (HyphenDict *)(void *)block;
    *packed = *dict;
    char *at = block + ALIGNED(sizeof(HyphenDict));
    packed->states = (HyphenState *)(void *)at;
    at += ALIGNED((size_t)dict->num_states * sizeof(HyphenState));
    HyphenTrans *transitions = (HyphenTrans *)(void *)at;
    at += ALIGNED(transition_count(dict) * sizeof(HyphenTrans));
    char *start = at;
    for (int i = 0; i < dict->num_states; i++) {
        const HyphenState *state = &dict->states[i];
        HyphenState *copy = &packed->states[i];
        *copy = *state;
        copy->trans = state->num_trans ? transitions : NULL;
        if (state->num_trans)
            memcpy(transitions, state->trans, (size_t)state->num_trans * sizeof(HyphenTrans));
        transitions += state->num_trans;
        if (state->match)
            copy->match = copy_bytes(&at, state->match, strlen(state->match) + 1);
        if (state->repl)
            copy->repl = copy_bytes(&at, state->repl, strlen(state->repl) + 1);
    }
    if (dict->nohyphen)
        packed->nohyphen = copy_bytes(&at, dict->nohyphen, nohyphen_size(dict));
    at = start + ALIGNED((size_t)(at - start));
    if (dict->nextlevel)
        packed->nextlevel = pack_into(dict->nextlevel, at);
    return packed;
}

/* loaded packed into one block; loaded is freed. */
static HyphenDict *pack(HyphenDict *loaded)
{
    HyphenDict *packed = pack_into(loaded, g_malloc(packed_size(loaded)));
    hnj_hyphen_free(loaded);
#ifdef __GLIBC__
    /* give back the pages libhyphen's hash table and scattered states
       held; other allocators return freed memory on their own terms */
    malloc_trim(0);
#endif
    return packed;
}

/* Debian links one file under many names (hyph_de.dic, hyph_de_AT.dic ->
 * hyph_de_DE.dic); German's 1 MB of patterns takes libhyphen 1.6 s of CPU
 * to load, so each file is loaded once whatever name reached it. Called
 * with the lock held. */
static HyphenDict *load_file(const char *path)
{
    char *real = realpath(path, NULL);
    if (!real)
        return NULL;
    if (!by_file)
        by_file = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
    HyphenDict *dict = g_hash_table_lookup(by_file, real);
    if (dict) {
        free(real);
        return dict;
    }
    dict = hnj_hyphen_load(real);
    if (dict)
        dict = pack(dict);
    if (dict)
        g_hash_table_insert(by_file, real, dict);
    else
        free(real);
    return dict;
}

static HyphenDict *load(const char *language, const char *country)
{
    char *candidates[3] = {NULL, NULL, NULL};
    if (country && country[0] && strcmp(country, "none") != 0)
        candidates[0] = g_strdup_printf("hyph_%s_%s.dic", language, country);
    candidates[1] = g_strdup_printf("hyph_%s.dic", language);
    HyphenDict *found = NULL;
    for (int i = 0; i < 3 && !found; i++) {
        if (!candidates[i])
            continue;
        char *path = g_build_filename(PLIEGO_HYPHEN_DIR, candidates[i], NULL);
        if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
            found = load_file(path);
        g_free(path);
    }
    if (!found) {
        /* hyph_es.dic may be missing while hyph_es_ES.dic exists */
        GDir *dir = g_dir_open(PLIEGO_HYPHEN_DIR, 0, NULL);
        char *prefix = g_strdup_printf("hyph_%s_", language);
        const char *name;
        GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
        while (dir && (name = g_dir_read_name(dir)))
            if (g_str_has_prefix(name, prefix) && g_str_has_suffix(name, ".dic"))
                g_ptr_array_add(names, g_strdup(name));
        /* the first in sorted order, so the choice does not depend on the
           directory's order */
        g_ptr_array_sort(names, (GCompareFunc)g_strcmp0);
        if (names->len) {
            char *path = g_build_filename(PLIEGO_HYPHEN_DIR,
                                          (char *)g_ptr_array_index(names, 0), NULL);
            found = load_file(path);
            g_free(path);
        }
        g_ptr_array_free(names, TRUE);
        g_free(prefix);
        if (dir)
            g_dir_close(dir);
    }
    for (int i = 0; i < 3; i++)
        g_free(candidates[i]);
    return found;
}

static HyphenDict *dictionary(const char *language, const char *country)
{
    char *key = g_strdup_printf("%s_%s", language, country ? country : "");
    g_mutex_lock(&lock);
    if (!dictionaries)
        dictionaries = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    HyphenDict *dict = NULL;
    if (g_hash_table_contains(dictionaries, key)) {
        dict = g_hash_table_lookup(dictionaries, key);
        g_free(key);
    } else {
        dict = load(language, country);
        g_hash_table_insert(dictionaries, key, dict);
    }
    g_mutex_unlock(&lock);
    return dict;
}

bool hyphenate_available(const char *language, const char *country)
{
    return language && language[0] && strcmp(language, "none") != 0 &&
           dictionary(language, country) != NULL;
}

/* Longest word hyphenated, in characters; longer runs are not words. */
#define MAX_WORD 100

/* Word lowered one character at a time, so it keeps word's character
 * count: libhyphen's positions are counted in characters and are mapped
 * back onto word by index. (g_utf8_strdown may change the count, "İ".) */
static char *lowered(const char *word, int length)
{
    GString *lower = g_string_sized_new((gsize)length + 4);
    for (const char *p = word; p < word + length; p = g_utf8_next_char(p))
        g_string_append_unichar(lower, g_unichar_tolower(g_utf8_get_char(p)));
    return g_string_free(lower, FALSE);
}

/* lower in the dictionary's charset (the first line of the .dic), one byte
 * per character for the 8-bit ones; NULL when a character has no place in
 * that charset, and the word is then left whole. */
static char *in_dictionary_charset(const HyphenDict *dict, const char *lower,
                                   glong characters, gsize *bytes)
{
    if (dict->utf8) {
        *bytes = strlen(lower);
        return g_strdup(lower);
    }
    gsize read = 0;
    char *converted = g_convert(lower, -1, dict->cset, "UTF-8", &read, bytes, NULL);
    if (converted && (glong)*bytes != characters) {
        /* a multi-byte legacy charset: positions would not be characters */
        g_free(converted);
        converted = NULL;
    }
    return converted;
}

void hyphenate_word(const char *language, const char *country,
                    const char *word, int length, int remain, int push,
                    GString *out)
{
    HyphenDict *dict = hyphenate_available(language, country)
                           ? dictionary(language, country) : NULL;
    glong characters = dict ? g_utf8_strlen(word, length) : 0;
    char *lower = NULL, *asked = NULL;
    gsize bytes = 0;
    if (characters >= 4 && characters <= MAX_WORD) {
        lower = lowered(word, length);
        asked = in_dictionary_charset(dict, lower, characters, &bytes);
    }
    if (!asked) {
        g_string_append_len(out, word, length);
        g_free(lower);
        return;
    }
    char *hyphens = g_malloc(bytes + 5);
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    hnj_hyphen_hyphenate3(dict, asked, (int)bytes, hyphens, NULL, &rep, &pos, &cut,
                          remain, push, remain, push);
    /* hyphens[i] is about the gap after character i, whatever the charset */
    const char *p = word;
    for (glong i = 0; i < characters; i++) {
        const char *next = g_utf8_next_char(p);
        g_string_append_len(out, p, next - p);
        p = next;
        /* non-standard breaks (rep/pos/cut) change letters: skip them */
        if (i + 1 < characters && (hyphens[i] & 1) && !(rep && rep[i]))
            g_string_append(out, "\xc2\xad");
    }
    if (rep) {
        for (gsize i = 0; i < bytes; i++)
            free(rep[i]);
        free(rep);
    }
    free(pos);
    free(cut);
    g_free(hyphens);
    g_free(asked);
    g_free(lower);
}

#else

bool hyphenate_available(const char *language, const char *country)
{
    return false;
}

void hyphenate_word(const char *language, const char *country,
                    const char *word, int length, int remain, int push,
                    GString *out)
{
    g_string_append_len(out, word, length);
}

#endif

/* Whether a whitespace-delimited token is an address or an identifier: a
 * URL or path ("/"), an e-mail ("@"), a host name ("." between letters),
 * or anything with a digit (service tags, order numbers, versions). These
 * are copied and compared letter by letter, so a hyphen inside one would
 * change what the reader types. */
bool hyphenate_is_address(const char *token, const char *end)
{
    gunichar before = 0;
    for (const char *p = token; p < end; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c == '/' || c == '@' || g_unichar_isdigit(c))
            return true;
        if (c == '.' && g_unichar_isalpha(before)) {
            const char *next = g_utf8_next_char(p);
            if (next < end && g_unichar_isalpha(g_utf8_get_char(next)))
                return true;
        }
        before = c;
    }
    return false;
}

/* One token: its runs of letters hyphenated, everything else copied. */
static void hyphenate_token(const char *language, const char *country,
                            const char *token, const char *end, int remain,
                            int push, GString *out)
{
    const char *p = token;
    while (p < end) {
        const char *word = p;
        while (p < end && g_unichar_isalpha(g_utf8_get_char(p)))
            p = g_utf8_next_char(p);
        if (p > word)
            hyphenate_word(language, country, word, (int)(p - word), remain, push, out);
        const char *other = p;
        while (p < end && !g_unichar_isalpha(g_utf8_get_char(p)))
            p = g_utf8_next_char(p);
        g_string_append_len(out, other, p - other);
    }
}

void hyphenate_text(const char *language, const char *country,
                    const char *text, int length, int remain, int push,
                    GString *out)
{
    const char *end = text + length;
    const char *p = text;
    while (p < end) {
        const char *space = p;
        while (p < end && g_unichar_isspace(g_utf8_get_char(p)))
            p = g_utf8_next_char(p);
        g_string_append_len(out, space, p - space);
        const char *token = p;
        while (p < end && !g_unichar_isspace(g_utf8_get_char(p)))
            p = g_utf8_next_char(p);
        if (hyphenate_is_address(token, p))
            g_string_append_len(out, token, p - token);
        else
            hyphenate_token(language, country, token, p, remain, push, out);
    }
}
