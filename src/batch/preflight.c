/* The pre-flight of a batch (`pliego check --customer FILE --doc KIND`):
 * every row goes through what a batch worker does before the templates
 * (the row read as a customer record, the business rules of the kind, the
 * document XML built and validated), and the row-level refusals of the
 * coordinator (a record broken by bad quoting, a row without a customer
 * id, two rows whose output files would have the same name), without
 * rendering anything. A row it passes is a row the batch renders unless
 * the templates or the renderer fail, which depend on the catalogue and
 * not on the row.
 *
 * It reads the CSV as a stream, so a file of any size takes constant
 * memory apart from one name per row (the duplicate check).
 */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "assemble/assemble.h"
#include "batch/batch.h"
#include "catalog/customer.h"
#include "contract/contract.h"

typedef struct {
    const batch_preflight_options *options;
    pliego_catalog *catalog; /* options->cat, for the contract API */
    FILE *report;
    GHashTable *names; /* output name key -> first row */
    int rows;
    int bad;
} preflight;

/* One line per bad row, "pliego: FILE: row N[, column NAME]: error: what",
   naming the row when the message does not. */
static void bad_row(preflight *p, int row, const pliego_error *err)
{
    p->bad++;
    pliego_error placed = *err;
    if (!placed.file[0])
        g_strlcpy(placed.file, p->options->customers_path, sizeof placed.file);
    if (placed.line == 0 && !g_str_has_prefix(placed.message, "row "))
        g_snprintf(placed.message, sizeof placed.message, "row %d: %s", row, err->message);
    pliego_error_print(&placed, p->report);
}

/* One record (which it frees): assembled as a batch worker assembles it,
   through the contract API, so the rules and the document XML are the
   worker's. */
static bool check_record(preflight *p, pliego_customer *customer, pliego_error *err)
{
    const batch_preflight_options *options = p->options;
    char on[11];
    assemble_iso_date(options->on, on);
    pliego_document *document =
        pliego_document_assemble(p->catalog, customer, catalog_doc_kind_name(options->kind),
                                 options->lang, on, err);
    bool ok = document != NULL;
    pliego_document_free(document);
    pliego_customer_free(customer);
    return ok;
}

/* The coordinator's refusal: a file name another row already has. Rows
   without an id take no name here; the record check reports them. */
static bool check_name(preflight *p, const char *id, int row, pliego_error *err)
{
    char *name = batch_output_name(id, p->options->kind);
    if (!name)
        return true;
    char *key = batch_name_key(name);
    gpointer first = NULL;
    bool ok = true;
    if (g_hash_table_lookup_extended(p->names, key, NULL, &first)) {
        pliego_error_set(err, PLIEGO_ERROR_XML, p->options->customers_path, 0, 0,
                         "the output name %s is already row %d's (customer ids that "
                         "differ only in case or in characters a file name cannot "
                         "hold give the same name)", name, GPOINTER_TO_INT(first));
        ok = false;
        g_free(key);
    } else {
        g_hash_table_insert(p->names, key, GINT_TO_POINTER(row));
    }
    g_free(name);
    return ok;
}

static bool check_csv(preflight *p, pliego_error *err)
{
    const char *path = p->options->customers_path;
    catalog_csv_stream *stream = catalog_csv_stream_open(path, err);
    if (!stream)
        return false;
    int header[CATALOG_CSV_MAX_COLUMNS];
    int columns = 0;
    catalog_csv_status status = catalog_csv_stream_next(stream, err);
    bool ok = true;
    if (status == CATALOG_CSV_END) {
        pliego_error_set(err, PLIEGO_ERROR_XML, path, 0, 0, "empty: no header row");
        ok = false;
    } else if (status != CATALOG_CSV_RECORD) {
        ok = false;
    } else {
        columns = catalog_csv_stream_count(stream);
        ok = catalog_customer_csv_header(path, catalog_csv_stream_fields(stream), columns,
                                         header, err);
    }
    while (ok) {
        pliego_error row_error = {0};
        status = catalog_csv_stream_next(stream, &row_error);
        if (status == CATALOG_CSV_END)
            break;
        if (status == CATALOG_CSV_FAILED) {
            *err = row_error;
            ok = false;
            break;
        }
        int row = catalog_csv_stream_row(stream);
        p->rows++;
        if (status == CATALOG_CSV_BROKEN) {
            bad_row(p, row, &row_error);
            continue;
        }
        char *const *fields = catalog_csv_stream_fields(stream);
        int count = catalog_csv_stream_count(stream);
        const char *id = NULL;
        for (int i = 0; i < count && i < columns; i++)
            if (header[i] == CUSTOMER_FIELD_ID && *fields[i])
                id = fields[i];
        /* the name first: a batch refuses a clashing row before its
           worker sees it */
        if (!check_name(p, id, row, &row_error)) {
            bad_row(p, row, &row_error);
            continue;
        }
        /* the file's hash only feeds provenance, which the check does not
           keep, so the stream's running hash serves */
        catalog_customer_set *set = catalog_customer_set_from_row(
            path, catalog_csv_stream_sha256(stream), header, columns, fields, count, row,
            &row_error);
        bool ok_row = set && check_record(p, contract_customer_adopt(set, 0, path),
                                          &row_error);
        if (ok_row && !id) {
            pliego_error_set(&row_error, PLIEGO_ERROR_XML, path, 0, 0,
                             "row %d has no customer id to name its file", row);
            ok_row = false;
        }
        if (!ok_row)
            bad_row(p, row, &row_error);
    }
    catalog_csv_stream_free(stream);
    return ok;
}

/* A customer XML file holds one record. */
static bool check_xml(preflight *p, pliego_error *err)
{
    pliego_customer *customer = pliego_customer_load(p->options->customers_path, 0, err);
    if (!customer)
        return false;
    pliego_error row_error = {0};
    p->rows++;
    if (!check_record(p, customer, &row_error))
        bad_row(p, 1, &row_error);
    return true;
}

int batch_preflight(const batch_preflight_options *options, FILE *report, int *rows,
                    pliego_error *err)
{
    preflight p = {
        .options = options,
        .catalog = contract_catalog_borrow(options->cat),
        .report = report,
        .names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
    };
    char *lower = g_ascii_strdown(options->customers_path, -1);
    bool csv = g_str_has_suffix(lower, ".csv");
    g_free(lower);
    bool ok = csv ? check_csv(&p, err) : check_xml(&p, err);
    g_hash_table_destroy(p.names);
    pliego_catalog_free(p.catalog);
    if (rows)
        *rows = p.rows;
    return ok ? p.bad : -1;
}
