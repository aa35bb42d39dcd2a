/* Dates, numbers, money and plural messages formatted with ICU in the
 * document's language (udat, unum, umsg). pliego has no month names or
 * separators of its own: what a reader sees comes from CLDR through ICU.
 * Dates are calendar days, so they are formatted in UTC, where a day is
 * exactly 86,400,000 ms from the epoch.
 *
 * Opening a formatter loads its locale's patterns, which costs more than
 * formatting; a batch formats thousands of documents in a few languages,
 * so date, number and currency formatters are opened once per process and
 * locale and kept until exit. A mutex guards the cache and the use of a
 * shared formatter (ICU formatters are not safe to use from two threads at
 * once). */
#include "assemble/assemble.h"

#include <string.h>
#include <unicode/udat.h>
#include <unicode/uloc.h>
#include <unicode/umsg.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>

#define FORMAT_CAPACITY 1024

/* The ICU locale id of a BCP 47 tag ("es-MX" -> "es_MX"). */
static bool icu_locale(const char *tag, char out[ULOC_FULLNAME_CAPACITY],
                       pliego_error *err)
{
    UErrorCode status = U_ZERO_ERROR;
    int32_t parsed = 0;
    uloc_forLanguageTag(tag, out, ULOC_FULLNAME_CAPACITY, &parsed, &status);
    if (U_FAILURE(status) || parsed == 0) {
        pliego_error_set(err, PLIEGO_ERROR_XML, "", 0, 0,
                         "ICU does not accept the language tag \"%s\"", tag);
        return false;
    }
    return true;
}

static char *to_utf8(const UChar *text, int32_t length, pliego_error *err)
{
    UErrorCode status = U_ZERO_ERROR;
    int32_t needed = 0;
    u_strToUTF8(NULL, 0, &needed, text, length, &status);
    status = U_ZERO_ERROR;
    char *out = g_malloc((size_t)needed + 1);
    u_strToUTF8(out, needed + 1, NULL, text, length, &status);
    if (U_FAILURE(status)) {
        g_free(out);
        pliego_error_set(err, PLIEGO_ERROR_RENDER, "", 0, 0,
                         "could not convert a formatted text: %s",
                         catalog_icu_problem(status));
        return NULL;
    }
    return out;
}

typedef enum { FORMATTER_DATE, FORMATTER_NUMBER, FORMATTER_MONEY } formatter_kind;

static GMutex cache_lock;
static GHashTable *cache; /* "KIND:locale id" -> formatter, never freed */

/* The formatter of kind for id, from the cache or opened and cached. Call
   with cache_lock held; NULL with status set when ICU cannot open it. */
static void *formatter(formatter_kind kind, const char *id, UErrorCode *status)
{
    char key[ULOC_FULLNAME_CAPACITY + 8];
    g_snprintf(key, sizeof key, "%d:%s", (int)kind, id);
    if (!cache)
        cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    void *found = g_hash_table_lookup(cache, key);
    if (found)
        return found;
    static const UChar utc[] = {'U', 'T', 'C', 0};
    void *opened = NULL;
    switch (kind) {
    case FORMATTER_DATE:
        opened = udat_open(UDAT_NONE, UDAT_LONG, id, utc, -1, NULL, 0, status);
        if (U_FAILURE(*status) && opened) {
            udat_close(opened);
            opened = NULL;
        }
        break;
    case FORMATTER_NUMBER:
    case FORMATTER_MONEY:
        opened = unum_open(kind == FORMATTER_NUMBER ? UNUM_DECIMAL : UNUM_CURRENCY, NULL,
                           0, id, NULL, status);
        if (U_FAILURE(*status) && opened) {
            unum_close(opened);
            opened = NULL;
        }
        break;
    }
    if (opened)
        g_hash_table_insert(cache, g_strdup(key), opened);
    return opened;
}

static char *failed(UErrorCode status, const char *what, pliego_error *err)
{
    pliego_error_set(err, PLIEGO_ERROR_RENDER, "", 0, 0, "could not format %s: %s",
                     what, catalog_icu_problem(status));
    return NULL;
}

char *assemble_format_date(const char *locale, guint32 day, pliego_error *err)
{
    char id[ULOC_FULLNAME_CAPACITY];
    if (!icu_locale(locale, id, err))
        return NULL;
    GDate epoch;
    g_date_clear(&epoch, 1);
    g_date_set_dmy(&epoch, 1, G_DATE_JANUARY, 1970);
    UDate when = ((double)day - (double)g_date_get_julian(&epoch)) * 86400000.0;
    UErrorCode status = U_ZERO_ERROR;
    g_mutex_lock(&cache_lock);
    UDateFormat *format = formatter(FORMATTER_DATE, id, &status);
    UChar buffer[FORMAT_CAPACITY];
    int32_t length = U_SUCCESS(status)
                         ? udat_format(format, when, buffer, FORMAT_CAPACITY, NULL, &status)
                         : 0;
    g_mutex_unlock(&cache_lock);
    if (U_FAILURE(status))
        return failed(status, "a date", err);
    return to_utf8(buffer, length, err);
}

char *assemble_format_number(const char *locale, double value, pliego_error *err)
{
    char id[ULOC_FULLNAME_CAPACITY];
    if (!icu_locale(locale, id, err))
        return NULL;
    UErrorCode status = U_ZERO_ERROR;
    g_mutex_lock(&cache_lock);
    UNumberFormat *format = formatter(FORMATTER_NUMBER, id, &status);
    UChar buffer[FORMAT_CAPACITY];
    int32_t length = U_SUCCESS(status)
                         ? unum_formatDouble(format, value, buffer, FORMAT_CAPACITY,
                                             NULL, &status)
                         : 0;
    g_mutex_unlock(&cache_lock);
    if (U_FAILURE(status))
        return failed(status, "a number", err);
    return to_utf8(buffer, length, err);
}

char *assemble_format_money(const char *locale, const char *amount,
                            const char *currency, pliego_error *err)
{
    char id[ULOC_FULLNAME_CAPACITY];
    if (!icu_locale(locale, id, err))
        return NULL;
    /* The amount goes to ICU as decimal text (unum_formatDecimal), never
       through a double, so every digit of a long amount prints as written;
       amounts are written with a point whatever LC_NUMERIC says. */
    size_t points = 0, digits = 0;
    for (const char *p = amount; *p; p++) {
        if (*p == '.')
            points++;
        else if (g_ascii_isdigit(*p))
            digits++;
        else
            points = 2;
    }
    if (points > 1 || digits == 0 || strlen(currency) != 3) {
        pliego_error_set(err, PLIEGO_ERROR_XML, "", 0, 0,
                         "\"%s %s\" is not an amount and a currency code", amount,
                         currency);
        return NULL;
    }
    UChar code[4];
    u_charsToUChars(currency, code, 4);
    UErrorCode status = U_ZERO_ERROR;
    g_mutex_lock(&cache_lock);
    UNumberFormat *format = formatter(FORMATTER_MONEY, id, &status);
    UChar buffer[FORMAT_CAPACITY];
    int32_t length = 0;
    if (U_SUCCESS(status))
        unum_setTextAttribute(format, UNUM_CURRENCY_CODE, code, 3, &status);
    if (U_SUCCESS(status))
        length = unum_formatDecimal(format, amount, -1, buffer, FORMAT_CAPACITY, NULL,
                                    &status);
    g_mutex_unlock(&cache_lock);
    if (U_FAILURE(status))
        return failed(status, "an amount", err);
    return to_utf8(buffer, length, err);
}

char *assemble_format_message(const char *locale, const char *pattern,
                              const double *args, int count, pliego_error *err)
{
    char id[ULOC_FULLNAME_CAPACITY];
    if (!icu_locale(locale, id, err))
        return NULL;
    double a[4] = {0, 0, 0, 0};
    for (int i = 0; i < count && i < 4; i++)
        a[i] = args[i];
    /* Every argument is a number, but umsg's C varargs take an argument
       without a type ("{0}か月") for a string pointer: give it its type. */
    GRegex *untyped = g_regex_new("\\{\\s*([0-9]+)\\s*\\}", 0, 0, NULL);
    char *typed = g_regex_replace(untyped, pattern, -1, 0, "{\\1,number}", 0, NULL);
    g_regex_unref(untyped);
    UChar source[FORMAT_CAPACITY];
    int32_t source_length = 0;
    UErrorCode status = U_ZERO_ERROR;
    u_strFromUTF8(source, FORMAT_CAPACITY, &source_length, typed ? typed : pattern, -1,
                  &status);
    g_free(typed);
    if (U_FAILURE(status))
        return failed(status, "a message (too long)", err);
    UParseError parse;
    UMessageFormat *format = umsg_open(source, source_length, id, &parse, &status);
    UChar buffer[FORMAT_CAPACITY];
    int32_t length = U_SUCCESS(status)
                         ? umsg_format(format, buffer, FORMAT_CAPACITY, &status, a[0],
                                       a[1], a[2], a[3])
                         : 0;
    umsg_close(format);
    if (U_FAILURE(status))
        return failed(status, "a message", err);
    return to_utf8(buffer, length, err);
}

char *assemble_format_country(const char *locale, const char *code, pliego_error *err)
{
    char id[ULOC_FULLNAME_CAPACITY];
    if (!icu_locale(locale, id, err))
        return NULL;
    char subject[16];
    g_snprintf(subject, sizeof subject, "und_%s", code);
    UChar buffer[FORMAT_CAPACITY];
    UErrorCode status = U_ZERO_ERROR;
    int32_t length = uloc_getDisplayCountry(subject, id, buffer, FORMAT_CAPACITY, &status);
    if (U_FAILURE(status) || length == 0)
        return failed(status, "a country name", err);
    return to_utf8(buffer, length, err);
}

char *assemble_format_language(const char *locale, const char *lang, pliego_error *err)
{
    char id[ULOC_FULLNAME_CAPACITY];
    if (!icu_locale(locale, id, err))
        return NULL;
    UChar buffer[FORMAT_CAPACITY];
    UErrorCode status = U_ZERO_ERROR;
    int32_t length = uloc_getDisplayLanguage(lang, id, buffer, FORMAT_CAPACITY, &status);
    if (U_FAILURE(status) || length == 0)
        return failed(status, "a language name", err);
    return to_utf8(buffer, length, err);
}
