/* An assembly job: loads the catalogue and the customer record, checks the
 * business rules and computes every field a clause may print, formatted in
 * the document's language. document.c then builds the XML from it. */
#include "assemble/job.h"

#include <string.h>

static void set_text(assemble_job *job, const char *name, char *text)
{
    g_hash_table_insert(job->texts, (gpointer)name, text);
}

static void set_number(assemble_job *job, const char *name, double value)
{
    double *boxed = g_new(double, 1);
    *boxed = value;
    g_hash_table_insert(job->numbers, (gpointer)name, boxed);
}

static char *join_lines(const char **lines)
{
    return g_strjoinv(", ", (char **)lines);
}

/* The country's name in the document's language, through ICU. */
static bool country_field(assemble_job *job, const char *name, const char *code,
                          pliego_error *err)
{
    char *text = assemble_format_country(job->format_locale, code, err);
    if (!text)
        return false;
    set_text(job, name, text);
    return true;
}

/* The terms URL for the customer's country and the document's language:
   the most specific entry wins (country and language, then country, then
   language, then the region's default). */
static const char *pick_terms(const catalog_channel *channel, const char *country,
                              const char *lang)
{
    const catalog_terms *terms = catalog_channel_terms(channel, country, lang);
    return terms ? terms->url : NULL;
}

/* Formats and stores a date field; false with err on an ICU failure. */
static bool date_field(assemble_job *job, const char *name, guint32 day,
                       pliego_error *err)
{
    if (day == 0)
        return true;
    char *text = assemble_format_date(job->format_locale, day, err);
    if (!text)
        return false;
    set_text(job, name, text);
    return true;
}

static bool number_field(assemble_job *job, const char *name, int value,
                         pliego_error *err)
{
    if (value < 0)
        return true;
    char *text = assemble_format_number(job->format_locale, value, err);
    if (!text)
        return false;
    set_text(job, name, text);
    set_number(job, name, value);
    return true;
}

static bool money_field(assemble_job *job, const char *name, const char *amount,
                        const char *currency, pliego_error *err)
{
    if (!amount || !currency)
        return true;
    char *text = assemble_format_money(job->format_locale, amount, currency, err);
    if (!text && strcmp(name, "order.price") == 0) {
        /* name the record's place: the amount and currency are the customer's */
        char reason[sizeof err->message];
        g_strlcpy(reason, err->message, sizeof reason);
        return catalog_customer_error(job->customer, CUSTOMER_FIELD_PRICE, err,
                                      "%s (currency %s): %s", amount, currency, reason);
    }
    if (!text)
        return false;
    set_text(job, name, text);
    return true;
}

/* The support hours in the document's language: ICU writes days and times;
   "always" is the library's label support-always. */
static bool hours_field(assemble_job *job, const catalog_rules *rules, pliego_error *err)
{
    assemble_hours hours;
    if (!assemble_hours_parse(rules->support_hours, &hours)) {
        pliego_error_set(err, PLIEGO_ERROR_XML, job->country->file, job->country->line, 0,
                         "support-hours \"%s\" of %s is neither \"always\" nor days and "
                         "times such as \"mon-fri 08:00-18:00\"",
                         rules->support_hours, job->country->code);
        return false;
    }
    const catalog_label *label = NULL;
    for (char **lang = job->chain; *lang && !label; lang++)
        label = catalog_library_label(catalog_find_library(job->cat, *lang),
                                      hours.always ? "support-always" : "support-hours");
    if (!label)
        return true;
    if (hours.always) {
        set_text(job, CATALOG_FIELD_NAME(SUPPORT_HOURS), g_strdup(label->text));
        return true;
    }
    if (!rules->support_zone) {
        pliego_error_set(err, PLIEGO_ERROR_XML, job->country->file, job->country->line, 0,
                         "support-hours of %s need a support-zone (an IANA time zone such "
                         "as Europe/Paris)",
                         job->country->code);
        return false;
    }
    char *text = assemble_format_hours(job->format_locale, label->text, &hours,
                                       rules->support_zone, err);
    if (!text)
        return false;
    set_text(job, CATALOG_FIELD_NAME(SUPPORT_HOURS), text);
    return true;
}

static bool compute_fields(assemble_job *job, pliego_error *err)
{
    const catalog_customer *c = job->customer;
    const catalog_rules *rules = &job->country->rules;
    set_text(job, CATALOG_FIELD_NAME(CUSTOMER_ID), g_strdup(c->id));
    set_text(job, CATALOG_FIELD_NAME(CUSTOMER_NAME), g_strdup(c->legal_name));
    set_text(job, CATALOG_FIELD_NAME(CUSTOMER_CONTACT), g_strdup(c->contact_name));
    set_text(job, CATALOG_FIELD_NAME(CUSTOMER_ADDRESS), join_lines(c->address));
    set_text(job, CATALOG_FIELD_NAME(VENDOR_ENTITY), g_strdup(c->vendor_entity));
    if (c->reseller && strcmp(c->channel, "reseller") == 0)
        set_text(job, CATALOG_FIELD_NAME(RESELLER_NAME), g_strdup(c->reseller));
    set_text(job, CATALOG_FIELD_NAME(REGION_NAME), g_strdup(job->region->name));
    set_text(job, CATALOG_FIELD_NAME(ORDER_NUMBER), g_strdup(c->order_number));
    if (job->terms_url)
        set_text(job, CATALOG_FIELD_NAME(TERMS_URL), g_strdup(job->terms_url));
    if (rules->support_hours && !hours_field(job, rules, err))
        return false;
    GString *products = g_string_new(NULL);
    for (size_t i = 0; i < c->products.count; i++) {
        const catalog_product *product = c->products.items[i];
        g_string_append_printf(products, "%s%s (%s)", i ? ", " : "", product->name,
                               product->service_tag);
    }
    set_text(job, CATALOG_FIELD_NAME(PRODUCTS_LIST), g_string_free(products, FALSE));
    if (c->notice_reason) {
        char *label_id = g_strconcat("reason-", c->notice_reason, NULL);
        const catalog_label *label = NULL;
        for (char **lang = job->chain; *lang && !label; lang++)
            label = catalog_library_label(catalog_find_library(job->cat, *lang), label_id);
        g_free(label_id);
        if (label)
            set_text(job, CATALOG_FIELD_NAME(NOTICE_REASON), g_strdup(label->text));
    }
    if (c->transferee_name)
        set_text(job, CATALOG_FIELD_NAME(TRANSFEREE_NAME), g_strdup(c->transferee_name));
    if (c->transferee_address)
        set_text(job, CATALOG_FIELD_NAME(TRANSFEREE_ADDRESS), join_lines(c->transferee_address));
    if (c->transfer_products) {
        GString *list = g_string_new(NULL);
        for (const char **tag = c->transfer_products; *tag; tag++) {
            const char *name = *tag;
            for (size_t i = 0; i < c->products.count; i++) {
                const catalog_product *product = c->products.items[i];
                if (strcmp(product->service_tag, *tag) == 0)
                    name = product->name;
            }
            g_string_append_printf(list, "%s%s (%s)", list->len ? ", " : "", name, *tag);
        }
        set_text(job, CATALOG_FIELD_NAME(TRANSFER_PRODUCTS), g_string_free(list, FALSE));
    }
    if (c->destination_country &&
        !country_field(job, CATALOG_FIELD_NAME(TRANSFER_DESTINATION), c->destination_country, err))
        return false;
    return country_field(job, CATALOG_FIELD_NAME(CUSTOMER_COUNTRY), job->country->code, err) &&
           date_field(job, CATALOG_FIELD_NAME(DOCUMENT_DATE), job->date, err) &&
           date_field(job, CATALOG_FIELD_NAME(ORDER_START), c->start_date, err) &&
           date_field(job, CATALOG_FIELD_NAME(ORDER_END),
                      assemble_term_last_day(c->start_date, c->term_months), err) &&
           date_field(job, CATALOG_FIELD_NAME(NOTICE_DATE), c->notice_date, err) &&
           date_field(job, CATALOG_FIELD_NAME(NOTICE_EFFECTIVE), c->effective_date, err) &&
           date_field(job, CATALOG_FIELD_NAME(TRANSFER_DATE), c->transfer_date, err) &&
           number_field(job, CATALOG_FIELD_NAME(ORDER_TERM_MONTHS), c->term_months, err) &&
           number_field(job, CATALOG_FIELD_NAME(ORDER_SYSTEMS), c->systems, err) &&
           number_field(job, CATALOG_FIELD_NAME(ORDER_LICENCES), c->licences, err) &&
           number_field(job, CATALOG_FIELD_NAME(ORDER_USERS), c->users, err) &&
           number_field(job, CATALOG_FIELD_NAME(NOTICE_MIN_DAYS), rules->min_notice_days, err) &&
           number_field(job, CATALOG_FIELD_NAME(NOTICE_DAYS),
                        c->notice_date && c->effective_date
                            ? (int)(c->effective_date - c->notice_date)
                            : -1,
                        err) &&
           money_field(job, CATALOG_FIELD_NAME(ORDER_PRICE), c->price, c->currency, err) &&
           money_field(job, CATALOG_FIELD_NAME(TRANSFER_FEE), rules->transfer_fee,
                       rules->currency, err);
}

/* The language tag, its chain, and the error when nothing but English
   could stand in for it. */
static bool pick_language(assemble_job *job, const char *requested, pliego_error *err)
{
    const catalog_customer *c = job->customer;
    const char *tag = requested ? requested
                      : c->language ? c->language
                                    : job->country->languages[0];
    if (!assemble_language_tag_valid(tag)) {
        if (!requested)
            return catalog_customer_error(c, CUSTOMER_FIELD_LANGUAGE, err,
                                          "\"%s\" is not a language tag such as es-MX", tag);
        pliego_error_set(err, PLIEGO_ERROR_XML, "", 0, 0,
                         "--lang \"%s\" is not a language tag such as es-MX", tag);
        if (err)
            err->kind = PLIEGO_ERROR_KIND_REQUEST;
        return false;
    }
    job->requested_lang = g_strdup(tag);
    job->format_locale = strchr(tag, '-')
                             ? g_strconcat(tag, "-u-ca-gregory", NULL)
                             : g_strconcat(tag, "-", job->country->code, "-u-ca-gregory", NULL);
    const char **available = g_new0(const char *, job->cat->libraries.count + 1);
    for (size_t i = 0; i < job->cat->libraries.count; i++)
        available[i] = ((catalog_library *)job->cat->libraries.items[i])->lang;
    job->chain = assemble_language_chain(tag, available);
    g_free(available);
    char *primary = g_strdup(tag);
    char *dash = strchr(primary, '-');
    if (dash)
        *dash = '\0';
    bool known = catalog_find_library(job->cat, primary) != NULL;
    g_free(primary);
    if (known)
        return true;
    char *list = NULL;
    GString *langs = g_string_new(NULL);
    for (size_t i = 0; i < job->cat->libraries.count; i++)
        g_string_append_printf(langs, "%s%s", i ? " " : "",
                               ((catalog_library *)job->cat->libraries.items[i])->lang);
    list = g_string_free(langs, FALSE);
    if (requested) {
        pliego_error_set(err, PLIEGO_ERROR_XML, "", 0, 0,
                         "language %s has no clause library and no fallback but "
                         "English; the catalogue has %s",
                         tag, list);
        if (err)
            err->kind = PLIEGO_ERROR_KIND_REQUEST;
    } else
        catalog_customer_error(c, CUSTOMER_FIELD_LANGUAGE, err,
                               "language %s has no clause library and no fallback "
                               "but English; the catalogue has %s",
                               tag, list);
    g_free(list);
    return false;
}

static assemble_job *job_new(const assemble_request *request)
{
    assemble_job *job = g_new0(assemble_job, 1);
    job->kind = request->kind;
    job->texts = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
    job->numbers = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
    job->customer_name = request->customer_path;
    return job;
}

/* Everything after the catalogue and the record are in place: the
   record's required fields, country, region, channel, date, language,
   terms, the kind's rules and the formatted fields. */
static bool prepare(assemble_job *job, const assemble_request *request,
                    pliego_error *err)
{
    if (!catalog_customer_check(job->customer, err))
        return false;
    const catalog_customer *c = job->customer;
    job->country = catalog_find_country(job->cat, c->country);
    if (!job->country) {
        catalog_customer_error(c, CUSTOMER_FIELD_COUNTRY, err,
                               "unknown country \"%s\": no region lists it", c->country);
        return false;
    }
    job->region = job->country->region;
    job->channel = strcmp(c->channel, "direct") == 0 ? job->region->direct
                                                     : job->region->reseller;
    job->date = request->on ? request->on : catalog_today();
    if (!pick_language(job, request->lang, err))
        return false;
    /* The terms in the document's language, else (for a language the
       country does not list, such as Japanese in Canada) in the country's
       own languages, which `pliego check` guarantees have terms. */
    for (char **l = job->chain; !job->channel->replaced_by && *l && !job->terms_url; l++)
        job->terms_url = pick_terms(job->channel, job->country->code, *l);
    for (const char **l = job->country->languages;
         !job->channel->replaced_by && *l && !job->terms_url; l++)
        job->terms_url = pick_terms(job->channel, job->country->code, *l);
    if (job->kind == CATALOG_DOC_CANCELLATION_NOTICE && !assemble_job_check_cancellation(job, err))
        return false;
    if (job->kind == CATALOG_DOC_TRANSFER_NOTICE && !assemble_job_check_transfer(job, err))
        return false;
    return compute_fields(job, err);
}

assemble_job *assemble_job_new_for(const catalog *cat,
                                   const catalog_customer_set *customers,
                                   size_t index, const assemble_request *request,
                                   pliego_error *err)
{
    assemble_job *job = job_new(request);
    /* borrowed: assemble_job_free leaves them alone, and nothing here
       writes to them */
    job->cat = (catalog *)cat;
    job->customers = (catalog_customer_set *)customers;
    job->customer = catalog_customer_set_get(customers, index);
    if (!job->customer) {
        pliego_error_set(err, PLIEGO_ERROR_XML, job->customer_name, 0, 0,
                         "no record %zu in the customer file", index + 1);
        goto fail;
    }
    if (!prepare(job, request, err))
        goto fail;
    return job;
fail:
    assemble_job_free(job);
    return NULL;
}

const char *assemble_job_language(const assemble_job *job)
{
    return job->requested_lang;
}

void assemble_job_free(assemble_job *job)
{
    if (!job)
        return;
    g_hash_table_destroy(job->texts);
    g_hash_table_destroy(job->numbers);
    g_strfreev(job->chain);
    g_free(job->requested_lang);
    g_free(job->format_locale);
    g_free(job);
}
