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

static GMutex lock;
static GHashTable *dictionaries; /* "es_ES" -> HyphenDict* or NULL (absent) */

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
            found = hnj_hyphen_load(path);
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
            found = hnj_hyphen_load(path);
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

#define MAX_WORD 100

void hyphenate_word(const char *language, const char *country,
                    const char *word, int length, int remain, int push,
                    GString *out)
{
    HyphenDict *dict = hyphenate_available(language, country)
                           ? dictionary(language, country) : NULL;
    char *lower = dict ? g_utf8_strdown(word, length) : NULL;
    if (!dict || length < 4 || length > MAX_WORD || (int)strlen(lower) != length) {
        g_string_append_len(out, word, length);
        g_free(lower);
        return;
    }
    char hyphens[MAX_WORD + 5];
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    hnj_hyphen_hyphenate3(dict, lower, length, hyphens, NULL, &rep, &pos, &cut,
                          remain, push, remain, push);
    for (int i = 0; i < length; i++) {
        g_string_append_c(out, word[i]);
        bool boundary = i + 1 < length && ((unsigned char)word[i + 1] & 0xc0) != 0x80;
        /* non-standard breaks (rep/pos/cut) change letters: skip them */
        if ((hyphens[i] & 1) && boundary && !(rep && rep[i]))
            g_string_append(out, "\xc2\xad");
    }
    if (rep) {
        for (int i = 0; i < length; i++)
            free(rep[i]);
        free(rep);
    }
    free(pos);
    free(cut);
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
