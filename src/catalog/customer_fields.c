/* Customer records for the library API (include/pliego/contract.h): a
 * record opened from a file by its row, as `pliego render --row N` picks
 * it, and a record built from field values, one per column as a CSV cell
 * holds it, read through the same code as a CSV row so that both give the
 * same record. Records built from values have no file: their errors carry
 * the field as err->field and a message without a place. */
#include "catalog/customer.h"
#include "catalog/customer_private.h"
#include "common/escape.h"

#include <string.h>

int catalog_customer_field_find(const char *name)
{
    if (!name)
        return -1;
    for (int f = 0; f < CUSTOMER_FIELD_COUNT; f++) {
        const char *column = catalog_customer_field_column((catalog_customer_field)f);
        size_t i = 0;
        for (; column[i] && name[i]; i++)
            if (name[i] != column[i] && !(name[i] == '-' && column[i] == '_'))
                break;
        if (!column[i] && !name[i])
            return f;
    }
    return -1;
}

/* The set of one record read from values[i] (NULL or "" absent) of every
   field, named name, with the SHA-256 of data. */
static catalog_customer_set *set_from_values(const char *name, char *const *values,
                                             const char *data, size_t length,
                                             pliego_error *err)
{
    int header[CUSTOMER_FIELD_COUNT];
    char *fields[CUSTOMER_FIELD_COUNT];
    int count = 0;
    for (int f = 0; f < CUSTOMER_FIELD_COUNT; f++)
        if (values[f] && *values[f]) {
            header[count] = f;
            fields[count++] = values[f];
        }
    catalog_customer_set *set = customer_set_new(name, data, length);
    /* row 1, as `pliego render` numbers the one row of the CSV file this
       record writes as */
    if (!customer_csv_fill(set, header, fields, count, 1, err)) {
        catalog_customer_set_free(set);
        return NULL;
    }
    return set;
}

bool catalog_customer_check_value(catalog_customer_field field, const char *value,
                                  pliego_error *err)
{
    const char *end = NULL;
    if (!g_utf8_validate(value, -1, &end)) {
        pliego_error_set(err, PLIEGO_ERROR_XML, "", 0, 0,
                         "not UTF-8: invalid byte 0x%02X at byte %d of the value",
                         (unsigned char)*end, (int)(end - value) + 1);
        if (err) {
            err->kind = PLIEGO_ERROR_KIND_CUSTOMER;
            g_strlcpy(err->field, catalog_customer_field_column(field), sizeof err->field);
        }
        return false;
    }
    char *values[CUSTOMER_FIELD_COUNT] = {NULL};
    values[field] = (char *)value;
    catalog_customer_set *set = set_from_values("", values, "", 0, err);
    catalog_customer_set_free(set);
    return set != NULL;
}

catalog_customer_set *catalog_customer_set_from_values(char *const *values,
                                                       const char *csv, size_t length,
                                                       pliego_error *err)
{
    return set_from_values("", values, csv, length, err);
}

char *catalog_customer_values_csv(char *const *values, size_t *length)
{
    GString *csv = g_string_new(NULL);
    for (int pass = 0; pass < 2; pass++) {
        bool first = true;
        for (int f = 0; f < CUSTOMER_FIELD_COUNT; f++) {
            if (!values[f] || !*values[f])
                continue;
            if (!first)
                g_string_append_c(csv, ',');
            first = false;
            pliego_csv_append_cell(csv, pass == 0 ? catalog_customer_field_column((catalog_customer_field)f)
                                       : values[f]);
        }
        g_string_append(csv, "\r\n");
    }
    *length = csv->len;
    return g_string_free(csv, FALSE);
}

static char *join(const char **lines, const char *separator)
{
    return lines && lines[0] ? g_strjoinv(separator, (char **)lines) : NULL;
}

static char *date_text(guint32 day)
{
    if (!day)
        return NULL;
    GDate date;
    g_date_clear(&date, 1);
    g_date_set_julian(&date, day);
    return g_strdup_printf("%04d-%02d-%02d", g_date_get_year(&date),
                           g_date_get_month(&date), g_date_get_day(&date));
}

static char *number_text(int value)
{
    return value >= 0 ? g_strdup_printf("%d", value) : NULL;
}

static char *products_text(const catalog_list *products)
{
    if (products->count == 0)
        return NULL;
    GString *text = g_string_new(NULL);
    for (size_t i = 0; i < products->count; i++) {
        const catalog_product *product = products->items[i];
        g_string_append_printf(text, "%s%s %s", i ? "\n" : "", product->service_tag,
                               product->name);
    }
    return g_string_free(text, FALSE);
}

char *catalog_customer_value(const catalog_customer *c, catalog_customer_field field)
{
    const char *text = NULL;
    switch (field) {
    case CUSTOMER_FIELD_ID: text = c->id; break;
    case CUSTOMER_FIELD_LEGAL_NAME: text = c->legal_name; break;
    case CUSTOMER_FIELD_CONTACT_NAME: text = c->contact_name; break;
    case CUSTOMER_FIELD_CONTACT_EMAIL: text = c->contact_email; break;
    case CUSTOMER_FIELD_CONTACT_PHONE: text = c->contact_phone; break;
    case CUSTOMER_FIELD_ADDRESS: return join(c->address, "\n");
    case CUSTOMER_FIELD_COUNTRY: text = c->country; break;
    case CUSTOMER_FIELD_LANGUAGE: text = c->language; break;
    case CUSTOMER_FIELD_CHANNEL: text = c->channel; break;
    case CUSTOMER_FIELD_RESELLER: text = c->reseller; break;
    case CUSTOMER_FIELD_VENDOR_ENTITY: text = c->vendor_entity; break;
    case CUSTOMER_FIELD_PRODUCTS: return products_text(&c->products);
    case CUSTOMER_FIELD_ORDER_NUMBER: text = c->order_number; break;
    case CUSTOMER_FIELD_START_DATE: return date_text(c->start_date);
    case CUSTOMER_FIELD_TERM_MONTHS: return number_text(c->term_months);
    case CUSTOMER_FIELD_SYSTEMS: return number_text(c->systems);
    case CUSTOMER_FIELD_LICENCES: return number_text(c->licences);
    case CUSTOMER_FIELD_USERS: return number_text(c->users);
    case CUSTOMER_FIELD_PRICE: text = c->price; break;
    case CUSTOMER_FIELD_CURRENCY: text = c->currency; break;
    case CUSTOMER_FIELD_NOTICE_DATE: return date_text(c->notice_date);
    case CUSTOMER_FIELD_NOTICE_REASON: text = c->notice_reason; break;
    case CUSTOMER_FIELD_EFFECTIVE_DATE: return date_text(c->effective_date);
    case CUSTOMER_FIELD_TRANSFER_DATE: return date_text(c->transfer_date);
    case CUSTOMER_FIELD_TRANSFEREE_NAME: text = c->transferee_name; break;
    case CUSTOMER_FIELD_TRANSFEREE_ADDRESS: return join(c->transferee_address, "\n");
    case CUSTOMER_FIELD_TRANSFER_PRODUCTS: return join(c->transfer_products, " ");
    case CUSTOMER_FIELD_ORIGINAL_PURCHASER:
        text = c->original_purchaser < 0 ? NULL : c->original_purchaser ? "yes" : "no";
        break;
    case CUSTOMER_FIELD_DESTINATION_COUNTRY: text = c->destination_country; break;
    default: break;
    }
    return g_strdup(text);
}

catalog_customer_set *catalog_customer_set_open(const char *path, int row, size_t *index,
                                                pliego_error *err)
{
    /* a CSV file is streamed for the one row asked for, as a batch reads
       it: other rows, however broken, are not this document's concern */
    char *lower = g_ascii_strdown(path, -1);
    bool is_csv = g_str_has_suffix(lower, ".csv");
    g_free(lower);
    *index = 0;
    if (is_csv)
        return catalog_customer_set_load_row(path, row, err);
    catalog_customer_set *set = catalog_customer_set_load(path, err);
    if (!set)
        return NULL;
    size_t count = catalog_customer_set_count(set);
    if (row == 0 && count > 1) {
        pliego_error_set(err, PLIEGO_ERROR_XML, path, 0, 0,
                         "%zu customer rows; choose one with --row N", count);
    } else if (row < 0 || (row > 0 && (size_t)row > count)) {
        pliego_error_set(err, PLIEGO_ERROR_XML, path, 0, 0,
                         "--row %d is out of range: the file has %zu row%s", row,
                         count, count == 1 ? "" : "s");
    } else {
        *index = row > 0 ? (size_t)row - 1 : 0;
        return set;
    }
    catalog_customer_set_free(set);
    return NULL;
}
