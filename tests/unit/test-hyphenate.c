/* Unit tests of src/layout/hyphenate.c: every break the code marks must be
 * one the dictionary itself gives, in its own charset, at the same letter.
 * The expected breaks come from libhyphen called here directly, with the
 * word converted to the charset the .dic names on its first line, so a
 * byte/character mix-up or a missing conversion shows as a moved or lost
 * hyphen. A few words also carry the breaks written out, so the test fails
 * even if both sides went wrong the same way. Addresses and identifiers
 * must come out exactly as they went in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>
#include <hyphen.h>

#include "layout/hyphenate.h"

/* the defaults of hyphenation-remain- and -push-character-count */
#define REMAIN 2
#define PUSH 2

/* s with every U+00AD shown as "-"; g_free it */
static char *shown(const char *s)
{
    GString *out = g_string_new(NULL);
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c == 0x00ad)
            g_string_append_c(out, '-');
        else
            g_string_append_unichar(out, c);
    }
    return g_string_free(out, FALSE);
}

/* what hyphenate_word gives for word, hyphens shown as "-"; g_free it */
static char *marked(const char *language, const char *country, const char *word)
{
    GString *out = g_string_new(NULL);
    hyphenate_word(language, country, word, (int)strlen(word), REMAIN, PUSH, out);
    char *result = shown(out->str);
    g_string_free(out, TRUE);
    return result;
}

/* file's dictionary, loaded once: a large one (German) takes a good part
   of a second to load, and the tests ask for it word by word */
static GHashTable *loaded; /* file name -> HyphenDict* */

static HyphenDict *dictionary_file(const char *file)
{
    if (!loaded)
        loaded = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify)hnj_hyphen_free);
    HyphenDict *dict = g_hash_table_lookup(loaded, file);
    if (!dict) {
        char *path = g_build_filename(PLIEGO_HYPHEN_DIR, file, NULL);
        dict = hnj_hyphen_load(path);
        g_free(path);
        assert_non_null(dict);
        g_hash_table_insert(loaded, g_strdup(file), dict);
    }
    return dict;
}

static int free_dictionaries(void **state)
{
    if (loaded)
        g_hash_table_destroy(loaded);
    loaded = NULL;
    return 0;
}

/* word with "-" at every standard break libhyphen gives with file; g_free */
static char *from_dictionary(const char *file, const char *word)
{
    HyphenDict *dict = dictionary_file(file);
    char *lower = g_utf8_strdown(word, -1);
    gsize bytes = strlen(lower);
    char *asked = dict->utf8 ? g_strdup(lower)
                             : g_convert(lower, -1, dict->cset, "UTF-8", NULL, &bytes, NULL);
    assert_non_null(asked);
    char *hyphens = g_malloc0(bytes + 5);
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    assert_int_equal(hnj_hyphen_hyphenate3(dict, asked, (int)bytes, hyphens, NULL, &rep,
                                           &pos, &cut, REMAIN, PUSH, REMAIN, PUSH), 0);
    GString *out = g_string_new(NULL);
    glong characters = g_utf8_strlen(word, -1);
    const char *p = word;
    for (glong i = 0; i < characters; i++, p = g_utf8_next_char(p)) {
        g_string_append_unichar(out, g_utf8_get_char(p));
        if (i + 1 < characters && (hyphens[i] & 1) && !(rep && rep[i]))
            g_string_append_c(out, '-');
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
    return g_string_free(out, FALSE);
}

/* every word of words, hyphenated by language/country, matches file's own
 * breaks and has at least one break */
static void check_language(const char *language, const char *country,
                           const char *file, const char *const *words)
{
    for (int i = 0; words[i]; i++) {
        char *expected = from_dictionary(file, words[i]);
        char *actual = marked(language, country, words[i]);
        if (strcmp(expected, actual) != 0)
            print_error("%s_%s: \"%s\": dictionary %s, hyphenate_word %s\n",
                        language, country, words[i], expected, actual);
        assert_string_equal(actual, expected);
        if (!strchr(actual, '-'))
            print_error("%s_%s: \"%s\" has no break\n", language, country, actual);
        assert_non_null(strchr(actual, '-'));
        g_free(expected);
        g_free(actual);
    }
}

static void spanish(void **state)
{
    (void)state;
    static const char *const words[] = {"diagnóstico", "términos", "periódicamente",
                                        "técnico", "información", "compañía",
                                        "Garantía", NULL};
    check_language("es", "ES", "hyph_es_ES.dic", words);
    char *word = marked("es", "ES", "diagnóstico");
    assert_string_equal(word, "diag-nós-ti-co");
    g_free(word);
}

static void french(void **state)
{
    (void)state;
    static const char *const words[] = {"résiliation", "téléphonique", "français",
                                        "prélèvement", "facturées", "reçues", "Façonnage", NULL};
    check_language("fr", "FR", "hyph_fr_FR.dic", words);
}

/* hyph_de*.dic is ISO-8859-1 */
static void german(void **state)
{
    (void)state;
    static const char *const words[] = {"Gebührenübernahme", "Übertragung",
                                        "Kündigungsfrist", "Straßenverkehr",
                                        "Verfügbarkeit", "Störungsmeldung", NULL};
    check_language("de", "DE", "hyph_de_DE.dic", words);
    char *word = marked("de", "DE", "Übertragung");
    assert_non_null(g_str_has_prefix(word, "Über") ? word : NULL);
    g_free(word);
}

/* hyph_pt_PT.dic is ISO-8859-1, hyph_pt_BR.dic UTF-8 */
static void portuguese(void **state)
{
    (void)state;
    static const char *const portugal[] = {"transferência", "informação", "serviços",
                                           "condições", "rescisão", NULL};
    check_language("pt", "PT", "hyph_pt_PT.dic", portugal);
    static const char *const brazil[] = {"transferência", "informação", "serviços",
                                         "obrigações", "rescisão", NULL};
    check_language("pt", "BR", "hyph_pt_BR.dic", brazil);
}

static void english(void **state)
{
    (void)state;
    static const char *const words[] = {"hyphenation", "communication", "résumés", "protégé",
                                        "réservations", "Northwind", NULL};
    check_language("en", "US", "hyph_en_US.dic", words);
}

/* a letter the ISO-8859-1 dictionary cannot spell leaves the word whole,
 * and a word too short to split is copied */
static void unspellable_words_stay_whole(void **state)
{
    (void)state;
    static const char *const whole[] = {"Dvořákova", "Łódźstraße", "Ab", NULL};
    for (int i = 0; whole[i]; i++) {
        char *word = marked("de", "DE", whole[i]);
        assert_string_equal(word, whole[i]);
        g_free(word);
    }
}

/* what hyphenate_text gives for text in Spanish, hyphens shown as "-" */
static char *text_marked(const char *text)
{
    GString *out = g_string_new(NULL);
    hyphenate_text("es", "ES", text, (int)strlen(text), REMAIN, PUSH, out);
    char *result = shown(out->str);
    g_string_free(out, TRUE);
    return result;
}

static void addresses_and_identifiers_stay_whole(void **state)
{
    (void)state;
    static const char *const whole[] = {
        "https://northwind-support.example/tickets",
        "www.Support.northwind.example",
        "Dell.com",
        "soporte.tecnico@northwind.example",
        "7XK92Q3",
        "PED-2024-004217",
        "Windows11Professional",
        "/opt/northwind/configuracion",
        NULL};
    for (int i = 0; whole[i]; i++) {
        char *text = text_marked(whole[i]);
        assert_string_equal(text, whole[i]);
        g_free(text);
    }
}

/* words around an address are still hyphenated; punctuation after a word
 * does not make it an address */
static void words_around_addresses(void **state)
{
    (void)state;
    char *text = text_marked("Consulte https://northwind.example/diagnostico "
                             "o escriba a soporte@northwind.example "
                             "el diagnóstico.\tTérminos: garantía-técnica");
    assert_string_equal(text, "Con-sul-te https://northwind.example/diagnostico "
                              "o es-cri-ba a soporte@northwind.example "
                              "el diag-nós-ti-co.\tTér-mi-nos: ga-ran-tía-téc-ni-ca");
    g_free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spanish),
        cmocka_unit_test(french),
        cmocka_unit_test(german),
        cmocka_unit_test(portuguese),
        cmocka_unit_test(english),
        cmocka_unit_test(unspellable_words_stay_whole),
        cmocka_unit_test(addresses_and_identifiers_stay_whole),
        cmocka_unit_test(words_around_addresses),
    };
    return cmocka_run_group_tests(tests, NULL, free_dictionaries);
}
