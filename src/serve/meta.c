/* What pliego serve tells the pages before any render: the form's fields
 * (the columns of the README's customer table, in order, each with a
 * label, an input type and whether every document needs it), the kinds,
 * channels and countries of the catalogue, and the customers of
 * --customers for the search box (their values as cli/variant.h gives them). Built once at start, in the server
 * process; the answers are JSON (serve/meta.h).
 */
#include "serve/meta.h"

#include <string.h>

#include "cli/variant.h"
#include "review/review.h"

/* The customer table of README.md, one row per CSV column, in the order
   of the customer record's fields. */
static const struct {
    const char *name;
    const char *label;
    const char *type;
    bool required;
} fields[] = {
    {"customer_id", "Customer id", "text", true},
    {"legal_name", "Legal name", "text", true},
    {"contact_name", "Contact name", "text", true},
    {"contact_email", "Contact email", "email", false},
    {"contact_phone", "Contact phone", "tel", false},
    {"address", "Address", "lines", true},
    {"country", "Country", "country", true},
    {"language", "Language", "language", false},
    {"channel", "Channel", "channel", true},
    {"reseller", "Reseller", "text", false},
    {"vendor_entity", "Vendor entity", "text", true},
    {"products", "Products (one per line: SERVICE-TAG Product name)", "lines", true},
    {"order_number", "Order number", "text", true},
    {"start_date", "Start date", "date", true},
    {"term_months", "Term in months", "number", true},
    {"systems", "Systems", "number", false},
    {"licences", "Licences", "number", false},
    {"users", "Users", "number", false},
    {"price", "Price", "decimal", true},
    {"currency", "Currency", "currency", true},
    {"notice_date", "Notice date", "date", false},
    {"notice_reason", "Notice reason", "reason", false},
    {"effective_date", "Effective date", "date", false},
    {"transfer_date", "Transfer date", "date", false},
    {"transferee_name", "Transferee name", "text", false},
    {"transferee_address", "Transferee address", "lines", false},
    {"transfer_products", "Products transferred (service tags, separated by spaces)", "text",
     false},
    {"original_purchaser", "Original purchaser", "yesno", false},
    {"destination_country", "Destination country", "country", false},
};

G_STATIC_ASSERT(G_N_ELEMENTS(fields) == CUSTOMER_FIELD_COUNT);

bool serve_field_known(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(fields); i++)
        if (strcmp(fields[i].name, name) == 0)
            return true;
    return false;
}

char *serve_meta_json(const catalog *cat, const catalog *compare, const char *csrf)
{
    GString *out = g_string_new("{\"csrf\":");
    review_json_text(out, csrf);
    if (compare) {
        /* folder names only: the pages need no path of the server's disk */
        const catalog *sides[2] = {cat, compare};
        for (int i = 0; i < 2; i++) {
            char *path = g_canonicalize_filename(sides[i]->dir ? sides[i]->dir : ".", NULL);
            char *name = g_path_get_basename(path);
            g_free(path);
            g_string_append(out, i ? "," : ",\"catalogs\":[");
            review_json_text(out, name);
            g_free(name);
        }
        g_string_append_c(out, ']');
    }
    g_string_append(out, ",\"kinds\":[");
    for (int k = 0; k < CATALOG_DOC_COUNT; k++) {
        g_string_append(out, k ? "," : "");
        review_json_text(out, catalog_doc_kind_name((catalog_doc_kind)k));
    }
    g_string_append(out, "],\"channels\":[\"direct\",\"reseller\"],\"countries\":[");
    GPtrArray *regions = catalog_regions_in_order(cat);
    bool first = true;
    for (guint r = 0; r < regions->len; r++) {
        const catalog_region *region = regions->pdata[r];
        for (size_t c = 0; c < region->countries.count; c++) {
            const catalog_country *country = region->countries.items[c];
            g_string_append(out, first ? "{\"code\":" : ",{\"code\":");
            first = false;
            review_json_text(out, country->code);
            g_string_append(out, ",\"name\":");
            review_json_text(out, country->name ? country->name : country->code);
            g_string_append(out, ",\"region\":");
            review_json_text(out, region->id);
            g_string_append(out, ",\"languages\":[");
            for (const char **lang = country->languages; lang && *lang; lang++) {
                g_string_append(out, lang != country->languages ? "," : "");
                review_json_text(out, *lang);
            }
            g_string_append(out, "]}");
        }
    }
    g_ptr_array_free(regions, TRUE);
    g_string_append(out, "],\"fields\":[");
    for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
        g_string_append(out, i ? ",{\"name\":" : "{\"name\":");
        review_json_text(out, fields[i].name);
        g_string_append(out, ",\"label\":");
        review_json_text(out, fields[i].label);
        g_string_append(out, ",\"type\":");
        review_json_text(out, fields[i].type);
        g_string_append_printf(out, ",\"required\":%s}", fields[i].required ? "true" : "false");
    }
    g_string_append(out, "]}\n");
    return g_string_free(out, FALSE);
}

/* ---- customers ---- */

struct serve_customers {
    GPtrArray *records; /* of char ** (field values in column order), g_strfreev */
};

serve_customers *serve_customers_new(const catalog_customer_set *set)
{
    serve_customers *list = g_new0(serve_customers, 1);
    list->records = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
    for (size_t i = 0; set && i < catalog_customer_set_count(set); i++)
        g_ptr_array_add(list->records, cli_customer_values(catalog_customer_set_get(set, i)));
    return list;
}

void serve_customers_free(serve_customers *list)
{
    if (!list)
        return;
    g_ptr_array_free(list->records, TRUE);
    g_free(list);
}

/* Case-insensitive (Unicode case folding) substring test. */
static bool contains(const char *text, const char *folded_query)
{
    char *folded = g_utf8_casefold(text, -1);
    bool found = strstr(folded, folded_query) != NULL;
    g_free(folded);
    return found;
}

char *serve_customers_json(const serve_customers *list, const char *query)
{
    char *folded = g_utf8_validate(query ? query : "", -1, NULL)
                       ? g_utf8_casefold(query ? query : "", -1) : g_strdup("\x01");
    GString *out = g_string_new("{\"customers\":[");
    int shown = 0;
    for (guint i = 0; list && i < list->records->len && shown < SERVE_MAX_CUSTOMERS; i++) {
        char **values = list->records->pdata[i];
        if (*folded && !contains(values[0], folded) && !contains(values[1], folded))
            continue;
        g_string_append(out, shown++ ? ",{" : "{");
        for (size_t f = 0; f < G_N_ELEMENTS(fields); f++) {
            g_string_append(out, f ? "," : "");
            review_json_text(out, fields[f].name);
            g_string_append_c(out, ':');
            review_json_text(out, values[f]);
        }
        g_string_append_c(out, '}');
    }
    g_string_append(out, "]}\n");
    g_free(folded);
    return g_string_free(out, FALSE);
}
