/* Support hours as the reader's language writes them, from a region's
 * support-hours ("mon-fri 08:00-18:00", or "always") and optional
 * support-zone (an IANA time zone such as "Europe/Paris").
 *
 * Every word and separator comes from CLDR through ICU: weekday names
 * (udat_getSymbols), the time range (udtitvfmt, skeleton "jm", so a
 * 12-hour locale writes "8:00 AM – 6:00 PM" and German "08:00–18:00 Uhr"),
 * and the zone's generic name (pattern "vvvv": "heure de l'Europe
 * centrale"). CLDR has no pattern that joins days, times and zone, nor a
 * phrase for "at all hours on every day": those are the library's labels
 * support-hours ("{days}, {times} ({zone})") and support-always.
 *
 * The times are wall-clock times in the zone, so they are formatted as
 * times of 1 January 1970 in UTC and never converted. */
#include "assemble/assemble.h"

#include <string.h>
#include <unicode/udat.h>
#include <unicode/udateintervalformat.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#define HOURS_CAPACITY 512
/* A day in 2024 for zone names: in 1970 some zones (Paris) kept no summer
   time, and ICU then names them by their standard time only. */
#define ZONE_DATE 1704067200000.0

static const char *const day_names[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

/* The ICU weekday index (UCAL_SUNDAY = 1 ... UCAL_SATURDAY = 7) of a
   three-letter day, or 0. */
static int weekday(const char *text)
{
    for (int i = 0; i < 7; i++)
        if (strncmp(text, day_names[i], 3) == 0)
            return i + 1;
    return 0;
}

/* Minutes since midnight of "HH:MM", or -1. */
static int clock_minutes(const char *text)
{
    if (!g_ascii_isdigit(text[0]) || !g_ascii_isdigit(text[1]) || text[2] != ':' ||
        !g_ascii_isdigit(text[3]) || !g_ascii_isdigit(text[4]))
        return -1;
    int hours = (text[0] - '0') * 10 + (text[1] - '0');
    int minutes = (text[3] - '0') * 10 + (text[4] - '0');
    if (hours > 24 || minutes > 59 || (hours == 24 && minutes != 0))
        return -1;
    return hours * 60 + minutes;
}

bool assemble_hours_parse(const char *spec, assemble_hours *out)
{
    memset(out, 0, sizeof *out);
    if (strcmp(spec, "always") == 0) {
        out->always = true;
        return true;
    }
    /* "ddd-ddd HH:MM-HH:MM" is exactly 19 characters */
    if (strlen(spec) != 19 || spec[3] != '-' || spec[7] != ' ' || spec[13] != '-')
        return false;
    out->first_day = weekday(spec);
    out->last_day = weekday(spec + 4);
    out->opens = clock_minutes(spec + 8);
    out->closes = clock_minutes(spec + 14);
    return out->first_day && out->last_day && out->opens >= 0 && out->closes > out->opens;
}

static bool failed(UErrorCode status, pliego_error *err)
{
    pliego_error_set(err, PLIEGO_ERROR_RENDER, "", 0, 0,
                     "ICU could not format the support hours: %s", u_errorName(status));
    return false;
}

/* Appends the standalone wide name of weekday (1-7) to out. */
static int32_t weekday_name(const char *locale, int day, UChar *out, int32_t capacity,
                            UErrorCode *status)
{
    UDateFormat *format = udat_open(UDAT_NONE, UDAT_FULL, locale, NULL, 0, NULL, 0, status);
    int32_t length = U_SUCCESS(*status) ? udat_getSymbols(format, UDAT_STANDALONE_WEEKDAYS,
                                                          day, out, capacity, status)
                                        : 0;
    udat_close(format);
    return length;
}

/* "Monday – Friday": ICU has interval formats for dates and times but not
   for weekdays, so the two names are joined by an en dash, which every
   language of the catalogue reads as a range. */
static int32_t day_range(const char *locale, const assemble_hours *hours, UChar *out,
                         int32_t capacity, UErrorCode *status)
{
    int32_t length = weekday_name(locale, hours->first_day, out, capacity, status);
    if (hours->last_day == hours->first_day || U_FAILURE(*status))
        return length;
    static const UChar dash[] = {' ', 0x2013, ' ', 0};
    if (length + 3 >= capacity) {
        *status = U_BUFFER_OVERFLOW_ERROR;
        return 0;
    }
    u_strcpy(out + length, dash);
    length += 3;
    return length + weekday_name(locale, hours->last_day, out + length, capacity - length,
                                 status);
}

static int32_t time_range(const char *locale, const assemble_hours *hours, UChar *out,
                          int32_t capacity, UErrorCode *status)
{
    static const UChar skeleton[] = {'j', 'm', 0};
    static const UChar utc[] = {'U', 'T', 'C', 0};
    UDateIntervalFormat *format =
        udtitvfmt_open(locale, skeleton, -1, utc, -1, status);
    int32_t length = U_SUCCESS(*status)
                         ? udtitvfmt_format(format, hours->opens * 60000.0,
                                            hours->closes * 60000.0, out, capacity, NULL,
                                            status)
                         : 0;
    udtitvfmt_close(format);
    return length;
}

/* The generic name of an IANA zone ("Europe/Paris" -> "Central European
   Time"); a zone ICU does not know is an error, not GMT. */
static int32_t zone_name(const char *locale, const char *zone, UChar *out,
                         int32_t capacity, UErrorCode *status)
{
    UChar id[64];
    int32_t id_length = 0;
    u_strFromUTF8(id, G_N_ELEMENTS(id), &id_length, zone, -1, status);
    if (U_SUCCESS(*status) && id_length >= (int32_t)G_N_ELEMENTS(id))
        *status = U_ILLEGAL_ARGUMENT_ERROR; /* no zone name is that long */
    UChar canonical[64];
    UBool system = false;
    if (U_SUCCESS(*status))
        ucal_getCanonicalTimeZoneID(id, id_length, canonical, G_N_ELEMENTS(canonical),
                                    &system, status);
    if (U_SUCCESS(*status) && !system)
        *status = U_ILLEGAL_ARGUMENT_ERROR;
    static const UChar pattern[] = {'v', 'v', 'v', 'v', 0};
    UDateFormat *format = U_SUCCESS(*status)
                              ? udat_open(UDAT_PATTERN, UDAT_PATTERN, locale, id, id_length,
                                          pattern, -1, status)
                              : NULL;
    int32_t length =
        U_SUCCESS(*status) ? udat_format(format, ZONE_DATE, out, capacity, NULL, status) : 0;
    udat_close(format);
    return length;
}

static char *utf8(const UChar *text, int32_t length, UErrorCode *status)
{
    if (U_FAILURE(*status))
        return NULL;
    char *out = g_malloc((size_t)length * 3 + 1);
    u_strToUTF8(out, length * 3 + 1, NULL, text, length, status);
    if (U_FAILURE(*status)) {
        g_free(out);
        return NULL;
    }
    return out;
}

char *assemble_format_hours(const char *tag, const char *pattern,
                            const assemble_hours *hours, const char *zone,
                            pliego_error *err)
{
    UErrorCode status = U_ZERO_ERROR;
    char locale[ULOC_FULLNAME_CAPACITY];
    int32_t parsed = 0;
    uloc_forLanguageTag(tag, locale, ULOC_FULLNAME_CAPACITY, &parsed, &status);
    if (U_FAILURE(status) || parsed == 0) {
        pliego_error_set(err, PLIEGO_ERROR_XML, "", 0, 0,
                         "ICU does not accept the language tag \"%s\"", tag);
        return NULL;
    }
    UChar buffer[HOURS_CAPACITY];
    int32_t length = day_range(locale, hours, buffer, HOURS_CAPACITY, &status);
    char *days = utf8(buffer, length, &status);
    length = time_range(locale, hours, buffer, HOURS_CAPACITY, &status);
    char *times = utf8(buffer, length, &status);
    length = U_SUCCESS(status) ? zone_name(locale, zone, buffer, HOURS_CAPACITY, &status) : 0;
    char *place = utf8(buffer, length, &status);
    char *out = NULL;
    if (U_SUCCESS(status)) {
        const char *names[] = {"{days}", "{times}", "{zone}"};
        const char *values[] = {days, times, place};
        GString *text = g_string_new(pattern);
        for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
            g_string_replace(text, names[i], values[i], 0);
        out = g_string_free(text, FALSE);
    } else if (status == U_ILLEGAL_ARGUMENT_ERROR) {
        pliego_error_set(err, PLIEGO_ERROR_XML, "", 0, 0,
                         "\"%s\" is not a time zone ICU knows (use an IANA name such as "
                         "Europe/Paris)",
                         zone);
    } else {
        failed(status, err);
    }
    g_free(days);
    g_free(times);
    g_free(place);
    return out;
}
