/* Fuzz target: customer records, XML or CSV -> checked customer records.
 *
 * The first byte picks the format (even: XML, odd: CSV); the rest is the
 * file. Every record that loads is checked as the assembler checks it. */
#include <stdint.h>

#include "catalog/customer.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    bool is_csv = data[0] & 1;
    pliego_error err = {0};
    catalog_customer_set *set = catalog_customer_set_load_memory(
        (const char *)data + 1, size - 1, is_csv ? "fuzz.csv" : "fuzz.xml", is_csv, &err);
    for (size_t i = 0; set && i < catalog_customer_set_count(set); i++) {
        pliego_error problem = {0};
        catalog_customer_check(catalog_customer_set_get(set, i), &problem);
    }
    catalog_customer_set_free(set);
    return 0;
}
