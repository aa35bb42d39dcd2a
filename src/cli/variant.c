/* Variants of a sample customer: see variant.h. */
#include "cli/variant.h"

#include <string.h>

#include "assemble/assemble.h"
#include "cli/locate.h"

/* The documented sample record (docs/review.md): what every variant says
   about the customer when no --customer is given. Its dates fit every
   kind of document on 2026-11-25, the date the tests use. */
static const char sample_csv[] =
    "customer_id,legal_name,contact_name,contact_email,contact_phone,address,country,"
    "language,channel,reseller,vendor_entity,products,order_number,start_date,"
    "term_months,systems,licences,users,price,currency,notice_date,notice_reason,"
    "effective_date,transfer_date,transferee_name,transferee_address,transfer_products,"
    "original_purchaser,destination_country\n"
    "SAMPLE,Sample Customer Ltd,Alex Example,alex@customer.example,+1 555 0100,"
    "\"1 Example Street\nExample City\",US,en,direct,Example Reseller Ltd,"
    "Northwind Support Services,\"NW-100001 Remote Software Support\n"
    "NW-100002 Collaborative Third-Party Support\",ORD-SAMPLE,2026-02-01,12,1,25,3,"
    "12000.00,USD,2026-11-25,non-payment,2027-01-15,2026-12-15,Sample Transferee Ltd,"
    "\"2 Example Road\nExample Town\",NW-100001,yes,US\n";

void cli_variant_clear(cli_variant *variant)
{
    g_free(variant->id);
    g_free(variant->country);
    g_free(variant->channel);
    g_free(variant->lang);
    memset(variant, 0, sizeof *variant);
}

const char *cli_find_catalog(const char *option, pliego_error *err)
{
    /* one catalogue a process: kept until exit, so callers need not free */
    static char *found_catalog;
    cli_catalog found = {0};
    if (!cli_locate_catalog(option, &found, err))
        return NULL;
    g_free(found_catalog);
    found_catalog = found.catalog;
    return found_catalog;
}

catalog *cli_catalog_load(const char *dir, pliego_error *err)
{
    if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
        pliego_error_set(err, PLIEGO_ERROR_IO, dir, 0, 0, "no catalogue folder here");
        return NULL;
    }
    catalog *cat = catalog_load(dir);
    catalog_check(cat);
    if (cat->diagnostics.count > 0) {
        *err = *(pliego_error *)cat->diagnostics.items[0];
        catalog_free(cat);
        return NULL;
    }
    return cat;
}

catalog_customer_set *cli_sample_load(const char *path, int row, pliego_error *err)
{
    catalog_customer_set *set =
        path ? catalog_customer_set_load(path, err)
             : catalog_customer_set_load_memory(sample_csv, sizeof sample_csv - 1,
                                                "the sample customer", true, err);
    if (!set)
        return NULL;
    size_t count = catalog_customer_set_count(set);
    if (row < 0 || (size_t)row > count || (row == 0 && count != 1) || count == 0) {
        pliego_error_set(err, PLIEGO_ERROR_XML, path ? path : "", 0, 0,
                         "%s holds %zu records; give --row N (1 to %zu)",
                         path ? "the customer file" : "the sample", count, count);
        catalog_customer_set_free(set);
        return NULL;
    }
    return set;
}

static int compare_strings(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "A, B, C" of the catalogue's countries or languages, sorted. */
static char *valid_list(const catalog *cat, bool countries)
{
    GPtrArray *names = g_ptr_array_new();
    if (countries) {
        for (size_t i = 0; i < cat->regions.count; i++) {
            const catalog_region *region = cat->regions.items[i];
            for (size_t j = 0; j < region->countries.count; j++)
                g_ptr_array_add(names, (gpointer)((const catalog_country *)
                                                      region->countries.items[j])->code);
        }
    } else {
        for (size_t i = 0; i < cat->libraries.count; i++)
            g_ptr_array_add(names,
                            (gpointer)((const catalog_library *)cat->libraries.items[i])->lang);
    }
    g_ptr_array_sort(names, compare_strings);
    g_ptr_array_add(names, NULL);
    char *list = g_strjoinv(", ", (char **)names->pdata);
    g_ptr_array_free(names, TRUE);
    return list;
}

bool cli_variant_check(const catalog *cat, const cli_variant *variant, const char *where,
                       pliego_error *err)
{
    if (!variant->country || !catalog_find_country(cat, variant->country)) {
        char *valid = valid_list(cat, true);
        pliego_error_set(err, PLIEGO_ERROR_XML, where, 0, 0,
                         "unknown country \"%s\"; the catalogue has %s",
                         variant->country ? variant->country : "", valid);
        g_free(valid);
        return false;
    }
    if (!variant->channel || (strcmp(variant->channel, "direct") != 0 &&
                              strcmp(variant->channel, "reseller") != 0)) {
        pliego_error_set(err, PLIEGO_ERROR_XML, where, 0, 0,
                         "unknown channel \"%s\"; the channels are direct and reseller",
                         variant->channel ? variant->channel : "");
        return false;
    }
    /* a regional tag (es-MX) is fine when its language has a library: the
       assembler falls back to it and records the fallback */
    char *primary = variant->lang ? g_strdup(variant->lang) : NULL;
    if (primary && strchr(primary, '-'))
        *strchr(primary, '-') = '\0';
    bool known = variant->lang && assemble_language_tag_valid(variant->lang) &&
                 catalog_find_library(cat, primary);
    g_free(primary);
    if (!known) {
        char *valid = valid_list(cat, false);
        pliego_error_set(err, PLIEGO_ERROR_XML, where, 0, 0,
                         "unknown language \"%s\"; the catalogue has libraries for %s",
                         variant->lang ? variant->lang : "", valid);
        g_free(valid);
        return false;
    }
    return true;
}

/* The column values of c (as catalog_customer_value writes them, "" for
   an absent one) with v's id, country, channel and language. */
static char **values(const catalog_customer *c, const cli_variant *v)
{
    char **out = g_new0(char *, CUSTOMER_FIELD_COUNT + 1);
    bool reseller = strcmp(v->channel, "reseller") == 0;
    for (int f = 0; f < CUSTOMER_FIELD_COUNT; f++) {
        const char *replaced = NULL;
        switch ((catalog_customer_field)f) {
        case CUSTOMER_FIELD_ID: replaced = v->id; break;
        case CUSTOMER_FIELD_COUNTRY: replaced = v->country; break;
        case CUSTOMER_FIELD_LANGUAGE: replaced = v->lang; break;
        case CUSTOMER_FIELD_CHANNEL: replaced = v->channel; break;
        case CUSTOMER_FIELD_RESELLER:
            replaced = reseller ? (c->reseller ? c->reseller : "Example Reseller Ltd") : "";
            break;
        default:
            out[f] = catalog_customer_value(c, (catalog_customer_field)f);
            break;
        }
        if (replaced || !out[f])
            out[f] = g_strdup(replaced ? replaced : "");
    }
    return out;
}

char **cli_customer_values(const catalog_customer *customer)
{
    char **out = g_new0(char *, CUSTOMER_FIELD_COUNT + 1);
    for (int f = 0; f < CUSTOMER_FIELD_COUNT; f++) {
        out[f] = catalog_customer_value(customer, (catalog_customer_field)f);
        if (!out[f])
            out[f] = g_strdup("");
    }
    return out;
}

static void row(GString *out, const catalog_customer *c, const cli_variant *v)
{
    char **fields = values(c, v);
    for (char **f = fields; *f; f++) {
        g_string_append_c(out, '"');
        for (const char *p = *f; *p; p++) {
            if (*p == '"')
                g_string_append_c(out, '"');
            g_string_append_c(out, *p);
        }
        g_string_append(out, f[1] ? "\"," : "\"\n");
    }
    g_strfreev(fields);
}

char *cli_variants_csv(const catalog_customer *sample, const cli_variant *variants, int count)
{
    GString *out = g_string_new(NULL);
    for (int f = 0; f < CUSTOMER_FIELD_COUNT; f++)
        g_string_append_printf(out, "%s%s", f ? "," : "",
                               catalog_customer_field_column((catalog_customer_field)f));
    g_string_append_c(out, '\n');
    for (int i = 0; i < count; i++)
        row(out, sample, &variants[i]);
    return g_string_free(out, FALSE);
}

bool cli_variant_parse_spec(const char *text, cli_variant *variant, catalog_doc_kind *kind,
                       pliego_error *err)
{
    char **pairs = g_strsplit(text, ",", -1);
    bool ok = true;
    *kind = CATALOG_DOC_SERVICE_DESCRIPTION;
    for (char **p = pairs; *p && ok; p++) {
        char *equals = strchr(*p, '=');
        if (!equals) {
            pliego_error_set(err, PLIEGO_ERROR_XML, text, 0, 0,
                             "\"%s\" is not KEY=VALUE (keys: country, channel, lang, doc)",
                             *p);
            ok = false;
            break;
        }
        *equals = '\0';
        const char *key = *p, *value = equals + 1;
        if (strcmp(key, "country") == 0) {
            g_free(variant->country);
            variant->country = g_ascii_strup(value, -1);
        } else if (strcmp(key, "channel") == 0) {
            g_free(variant->channel);
            variant->channel = g_strdup(value);
        } else if (strcmp(key, "lang") == 0) {
            g_free(variant->lang);
            variant->lang = g_strdup(value);
        } else if (strcmp(key, "doc") == 0) {
            if (!catalog_doc_kind_parse(value, kind)) {
                pliego_error_set(err, PLIEGO_ERROR_XML, text, 0, 0,
                                 "unknown document kind \"%s\"; the kinds are "
                                 "service-description, cancellation-notice and "
                                 "transfer-notice", value);
                ok = false;
            }
        } else {
            pliego_error_set(err, PLIEGO_ERROR_XML, text, 0, 0,
                             "unknown key \"%s\" (keys: country, channel, lang, doc)", key);
            ok = false;
        }
    }
    g_strfreev(pairs);
    if (ok && !variant->country) {
        pliego_error_set(err, PLIEGO_ERROR_XML, text, 0, 0,
                         "a variant spec needs country=CC");
        ok = false;
    }
    if (ok && !variant->channel)
        variant->channel = g_strdup("direct");
    return ok;
}
