/* Language fallback chains, date arithmetic on GDate Julian days, and the
 * business rules that depend only on dates and a record: the cancellation
 * notice period and the list of reasons. (Rules that need the catalogue,
 * such as transfers to countries where the service is not offered, are in
 * job.c.) */
#include "assemble/assemble.h"

#include <string.h>

bool assemble_language_tag_valid(const char *tag)
{
    if (!tag || !*tag)
        return false;
    char **parts = g_strsplit(tag, "-", -1);
    bool valid = true;
    for (int i = 0; parts[i] && valid; i++) {
        size_t length = strlen(parts[i]);
        if (i == 0)
            valid = length >= 2 && length <= 3;
        else
            valid = length >= 2 && length <= 8;
        for (const char *p = parts[i]; valid && *p; p++)
            valid = i == 0 ? g_ascii_islower(*p) : g_ascii_isalnum(*p);
    }
    g_strfreev(parts);
    return valid;
}

static void add_once(GPtrArray *chain, const char *lang,
                     const char *const *available)
{
    bool listed = false;
    for (const char *const *a = available; *a && !listed; a++)
        listed = strcmp(*a, lang) == 0;
    if (!listed)
        return;
    for (guint i = 0; i < chain->len; i++)
        if (strcmp(chain->pdata[i], lang) == 0)
            return;
    g_ptr_array_add(chain, g_strdup(lang));
}

char **assemble_language_chain(const char *tag, const char *const *available)
{
    GPtrArray *chain = g_ptr_array_new();
    char *current = g_strdup(tag);
    for (;;) {
        add_once(chain, current, available);
        char *dash = strrchr(current, '-');
        if (!dash)
            break;
        *dash = '\0';
    }
    g_free(current);
    add_once(chain, "en", available);
    g_ptr_array_add(chain, NULL);
    return (char **)g_ptr_array_free(chain, FALSE);
}

static GDate date_of(guint32 day)
{
    GDate date;
    g_date_clear(&date, 1);
    g_date_set_julian(&date, day);
    return date;
}

guint32 assemble_add_days(guint32 day, int days)
{
    GDate date = date_of(day);
    if (days >= 0)
        g_date_add_days(&date, (guint)days);
    else
        g_date_subtract_days(&date, (guint)-days);
    return g_date_get_julian(&date);
}

guint32 assemble_add_months(guint32 day, int months)
{
    GDate date = date_of(day);
    if (months >= 0)
        g_date_add_months(&date, (guint)months);
    else
        g_date_subtract_months(&date, (guint)-months);
    return g_date_get_julian(&date);
}

/* A term of N months ends the day before the same date N months later; when
   that month has no such date (a term from 31 January, or from 29 February
   into a common year), it ends on the last day of that month, as periods in
   months are counted in contracts (e.g. EU Regulation 1182/71, art. 3). */
guint32 assemble_term_last_day(guint32 start, int months)
{
    GDate date = date_of(start);
    int day = g_date_get_day(&date);
    int month_index = (int)g_date_get_month(&date) - 1 + months;
    int year = g_date_get_year(&date) + month_index / 12;
    GDateMonth month = (GDateMonth)(month_index % 12 + 1);
    int days_in_month = g_date_get_days_in_month(month, (GDateYear)year);
    GDate end;
    g_date_clear(&end, 1);
    if (day <= days_in_month) {
        g_date_set_dmy(&end, (GDateDay)day, month, (GDateYear)year);
        g_date_subtract_days(&end, 1);
    } else {
        g_date_set_dmy(&end, (GDateDay)days_in_month, month, (GDateYear)year);
    }
    return g_date_get_julian(&end);
}

void assemble_iso_date(guint32 day, char out[11])
{
    GDate date = date_of(day);
    g_snprintf(out, 11, "%04d-%02d-%02d", g_date_get_year(&date),
               g_date_get_month(&date), g_date_get_day(&date));
}

static const char *const reasons[] = {"non-payment", "abusive-conduct",
                                      "non-compliance", NULL};

bool assemble_reason_valid(const char *reason)
{
    return reason && catalog_list_contains((const char **)reasons, reason);
}

bool assemble_check_cancellation(const catalog_customer *customer,
                                 const char *country, int min_days,
                                 pliego_error *err)
{
    guint32 earliest = assemble_add_days(customer->notice_date, min_days);
    if (customer->effective_date >= earliest)
        return true;
    char notice[11], effective[11], first[11];
    assemble_iso_date(customer->notice_date, notice);
    assemble_iso_date(customer->effective_date, effective);
    assemble_iso_date(earliest, first);
    long days = (long)customer->effective_date - (long)customer->notice_date;
    return catalog_customer_error(
        customer, CUSTOMER_FIELD_EFFECTIVE_DATE, err,
        "the effective date %s is %ld day%s after the notice date %s, but %s "
        "requires at least %d days' notice; the earliest valid date is %s",
        effective, days, days == 1 || days == -1 ? "" : "s", notice, country,
        min_days, first);
}
