/* The business rules of assembly and what they stand on: language
 * fallback chains, date arithmetic on GDate Julian days, the cancellation
 * notice period and reasons, and the transfer rules (before the term's
 * end, by the original purchaser, of their products, to a known country,
 * with the relocation clause where the service is not offered). */
#include "assemble/job.h"

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

void assemble_english_date(guint32 day, char out[32])
{
    static const char *const months[] = {"January", "February", "March", "April",
                                         "May", "June", "July", "August", "September",
                                         "October", "November", "December"};
    GDate date = date_of(day);
    g_snprintf(out, 32, "%d %s %d", g_date_get_day(&date),
               months[g_date_get_month(&date) - 1], g_date_get_year(&date));
}

/* err (filled by catalog_customer_error) as a broken business rule. */
static bool rule_broken(pliego_error *err, const char *rule)
{
    if (err) {
        err->kind = PLIEGO_ERROR_KIND_RULE;
        g_strlcpy(err->rule, rule, sizeof err->rule);
    }
    return false;
}

/* "the United States", "the Netherlands": English names that take the
   article in a sentence (a country's name in the catalogue is bare). */
static const char *article(const char *country)
{
    static const char *const with_article[] = {"United ", "Netherlands", "Philippines",
                                               "Czech Republic", "Dominican Republic",
                                               "Bahamas", "Gambia", NULL};
    for (const char *const *p = with_article; *p; p++)
        if (g_str_has_prefix(country, *p))
            return "the ";
    return "";
}

bool assemble_check_cancellation(const catalog_customer *customer,
                                 const char *country, int min_days,
                                 pliego_error *err)
{
    guint32 earliest = assemble_add_days(customer->notice_date, min_days);
    if (customer->effective_date >= earliest)
        return true;
    char first[32];
    assemble_english_date(earliest, first);
    catalog_customer_error(customer, CUSTOMER_FIELD_EFFECTIVE_DATE, err,
                           "For %s%s the effective date must be at least %d day%s after "
                           "the notice date: the earliest is %s.",
                           article(country), country, min_days, min_days == 1 ? "" : "s", first);
    return rule_broken(err, "min-notice-days");
}

bool assemble_job_check_cancellation(assemble_job *job, pliego_error *err)
{
    const catalog_customer *c = job->customer;
    if (!c->notice_date)
        return catalog_customer_error(c, CUSTOMER_FIELD_NOTICE_DATE, err,
                                      "missing required field for a cancellation notice");
    if (!c->notice_reason)
        return catalog_customer_error(c, CUSTOMER_FIELD_NOTICE_REASON, err,
                                      "missing required field for a cancellation notice");
    if (!c->effective_date)
        return catalog_customer_error(c, CUSTOMER_FIELD_EFFECTIVE_DATE, err,
                                      "missing required field for a cancellation notice");
    if (!assemble_reason_valid(c->notice_reason))
        return catalog_customer_error(c, CUSTOMER_FIELD_NOTICE_REASON, err,
                                      "\"%s\" is not a reason for cancellation; use "
                                      "non-payment, abusive-conduct or non-compliance",
                                      c->notice_reason);
    if (job->date > c->effective_date) {
        /* a notice announces a date to come; one written after it is a
           notice nobody could have acted on */
        char dated[11], effective[11];
        assemble_iso_date(job->date, dated);
        assemble_iso_date(c->effective_date, effective);
        catalog_customer_error(c, CUSTOMER_FIELD_EFFECTIVE_DATE, err,
                               "the notice would be dated %s, after its own "
                               "effective date %s; date it (--on) on or before "
                               "%s", dated, effective, effective);
        return rule_broken(err, "notice-before-effective");
    }
    return assemble_check_cancellation(c, job->country->name,
                                       job->country->rules.min_notice_days, err);
}

bool assemble_job_check_transfer(assemble_job *job, pliego_error *err)
{
    const catalog_customer *c = job->customer;
    static const catalog_customer_field needed[] = {
        CUSTOMER_FIELD_TRANSFER_DATE, CUSTOMER_FIELD_TRANSFEREE_NAME,
        CUSTOMER_FIELD_TRANSFEREE_ADDRESS, CUSTOMER_FIELD_TRANSFER_PRODUCTS,
        CUSTOMER_FIELD_ORIGINAL_PURCHASER, CUSTOMER_FIELD_DESTINATION_COUNTRY};
    bool present[] = {c->transfer_date != 0, c->transferee_name != NULL,
                      c->transferee_address && c->transferee_address[0],
                      c->transfer_products && c->transfer_products[0],
                      c->original_purchaser >= 0, c->destination_country != NULL};
    for (size_t i = 0; i < G_N_ELEMENTS(needed); i++)
        if (!present[i])
            return catalog_customer_error(c, needed[i], err,
                                          "missing required field for a transfer notice");
    if (c->original_purchaser == 0) {
        catalog_customer_error(c, CUSTOMER_FIELD_ORIGINAL_PURCHASER, err,
                               "only the original purchaser may transfer the service");
        return rule_broken(err, "original-purchaser");
    }
    guint32 last = assemble_term_last_day(c->start_date, c->term_months);
    if (c->transfer_date > last) {
        char date[11], end[11];
        assemble_iso_date(c->transfer_date, date);
        assemble_iso_date(last, end);
        catalog_customer_error(c, CUSTOMER_FIELD_TRANSFER_DATE, err,
                               "the transfer date %s is after the service term, "
                               "whose last day is %s",
                               date, end);
        return rule_broken(err, "transfer-within-term");
    }
    for (const char **tag = c->transfer_products; *tag; tag++) {
        bool owned = false;
        for (size_t i = 0; i < c->products.count && !owned; i++)
            owned = strcmp(((catalog_product *)c->products.items[i])->service_tag, *tag) == 0;
        if (!owned) {
            catalog_customer_error(c, CUSTOMER_FIELD_TRANSFER_PRODUCTS, err,
                                   "service tag %s is not among the customer's "
                                   "products",
                                   *tag);
            return rule_broken(err, "transfer-own-products");
        }
    }
    job->destination = catalog_find_country(job->cat, c->destination_country);
    if (!job->destination)
        return catalog_customer_error(c, CUSTOMER_FIELD_DESTINATION_COUNTRY, err,
                                      "unknown country \"%s\": no region lists it",
                                      c->destination_country);
    if (!job->destination->rules.offered) {
        job->relocation_clause = job->destination->rules.relocation_clause;
        if (!job->relocation_clause) {
            pliego_error_set(err, PLIEGO_ERROR_XML, job->destination->file,
                             job->destination->line, 0,
                             "the service is not offered in %s and its region names "
                             "no relocation clause",
                             job->destination->code);
            return false;
        }
    }
    return true;
}
