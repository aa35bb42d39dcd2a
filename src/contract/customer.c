/* pliego_customer (include/pliego/contract.h): a customer record as the
 * text of its fields, one per column of README.md's customer table, as a
 * CSV cell holds it. A record loaded from a file also keeps the file's
 * record, so documents made from it name that file in their provenance,
 * as `pliego render --customer FILE` does; setting a field turns it into a
 * record of its own. */
#include "contract/contract.h"

#include "common/init.h"
#include "common/output.h"

#include <string.h>

size_t pliego_customer_field_count(void)
{
    return CUSTOMER_FIELD_COUNT;
}

const char *pliego_customer_field_name(size_t index)
{
    return index < CUSTOMER_FIELD_COUNT
               ? catalog_customer_field_column((catalog_customer_field)index)
               : NULL;
}

pliego_customer *pliego_customer_new(void)
{
    pliego_init_once();
    return g_new0(pliego_customer, 1);
}

pliego_customer *pliego_customer_load(const char *path, int row, pliego_error *err)
{
    pliego_init_once();
    size_t index = 0;
    catalog_customer_set *set = catalog_customer_set_open(path, row, &index, err);
    if (!set) {
        contract_error_kind(err, PLIEGO_ERROR_KIND_CUSTOMER);
        return NULL;
    }
    return contract_customer_adopt(set, index, path);
}

pliego_customer *contract_customer_adopt(catalog_customer_set *set, size_t index,
                                         const char *path)
{
    pliego_customer *customer = pliego_customer_new();
    customer->file = set;
    customer->index = index;
    customer->path = g_strdup(path);
    const catalog_customer *record = catalog_customer_set_get(set, index);
    for (int f = 0; f < CUSTOMER_FIELD_COUNT; f++)
        customer->values[f] = catalog_customer_value(record, (catalog_customer_field)f);
    return customer;
}

void pliego_customer_free(pliego_customer *customer)
{
    if (!customer)
        return;
    for (int f = 0; f < CUSTOMER_FIELD_COUNT; f++)
        g_free(customer->values[f]);
    catalog_customer_set_free(customer->file);
    g_free(customer->path);
    g_free(customer);
}

static int find_field(const char *field, pliego_error *err)
{
    int f = catalog_customer_field_find(field);
    if (f < 0) {
        pliego_error_set(err, PLIEGO_ERROR_XML, "", 0, 0,
                         "there is no customer field \"%s\"; the fields are the "
                         "columns of a customer CSV file, such as customer_id",
                         field ? field : "");
        if (err) {
            err->kind = PLIEGO_ERROR_KIND_CUSTOMER;
            g_strlcpy(err->field, field ? field : "", sizeof err->field);
        }
    }
    return f;
}

bool pliego_customer_set(pliego_customer *customer, const char *field,
                         const char *value, pliego_error *err)
{
    int f = find_field(field, err);
    if (f < 0)
        return false;
    if (value && *value &&
        !catalog_customer_check_value((catalog_customer_field)f, value, err))
        return false;
    /* the record is now the values alone, no longer the file's */
    catalog_customer_set_free(customer->file);
    customer->file = NULL;
    g_clear_pointer(&customer->path, g_free);
    g_free(customer->values[f]);
    customer->values[f] = value && *value ? g_strdup(value) : NULL;
    return true;
}

const char *pliego_customer_get(const pliego_customer *customer, const char *field)
{
    int f = catalog_customer_field_find(field);
    return f < 0 ? NULL : customer->values[f];
}

bool pliego_customer_write_csv(const pliego_customer *customer, pliego_write_fn write,
                               void *ctx, pliego_error *err)
{
    size_t length = 0;
    char *csv = catalog_customer_values_csv(customer->values, &length);
    bool ok = pliego_write_to(write, ctx, csv, length, err);
    g_free(csv);
    return ok;
}

const catalog_customer_set *contract_customer_record(const pliego_customer *customer,
                                                     size_t *index, const char **name,
                                                     catalog_customer_set **made,
                                                     pliego_error *err)
{
    *made = NULL;
    if (customer->file) {
        *index = customer->index;
        *name = customer->path;
        return customer->file;
    }
    size_t length = 0;
    char *csv = catalog_customer_values_csv(customer->values, &length);
    *made = catalog_customer_set_from_values(customer->values, csv, length, err);
    g_free(csv);
    *index = 0;
    *name = CONTRACT_CUSTOMER_NAME;
    if (!*made)
        contract_error_kind(err, PLIEGO_ERROR_KIND_CUSTOMER);
    return *made;
}
