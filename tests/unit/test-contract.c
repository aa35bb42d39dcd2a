/* The contract API (include/pliego/contract.h) through the shared
 * libpliego, as a program embedding it sees it: a record built field by
 * field rendered to PDF bytes and PNG pages in memory, the same bytes as
 * `pliego render` of the CSV file the record writes, and every kind of
 * error with the field, row and rule it concerns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "pliego/archive.h"
#include "pliego/contract.h"

typedef struct {
    pliego_catalog *catalog;
    pliego_templates *templates;
    char *scratch;
} fixture;

/* A French reseller's record, complete for a cancellation notice dated
   2026-11-25 except that the effective date is 6 days after the notice
   (France requires 30). */
static const char *const french_reseller[][2] = {
    {"customer_id", "C-7001"},
    {"legal_name", "Dupont & Fils SARL"},
    {"contact_name", "Claire Dupont"},
    {"address", "12 rue de la Paix\n75002 Paris"},
    {"country", "FR"},
    {"language", "fr"},
    {"channel", "reseller"},
    {"reseller", "Revendeur Informatique SA"},
    {"vendor_entity", "Northwind Support Services France SAS"},
    {"products", "NW-FR0001 Remote Software Support\nNW-FR0002 Onsite Hardware Support"},
    {"order_number", "SO-88123"},
    {"start_date", "2026-01-01"},
    {"term-months", "36"}, /* a "-" may stand for the "_" */
    {"price", "12000.00"},
    {"currency", "EUR"},
    {"notice_date", "2026-11-25"},
    {"notice_reason", "non-payment"},
    {"effective_date", "2026-12-01"},
};

static pliego_customer *french_customer(void)
{
    pliego_customer *customer = pliego_customer_new();
    for (size_t i = 0; i < G_N_ELEMENTS(french_reseller); i++) {
        pliego_error err = {0};
        if (!pliego_customer_set(customer, french_reseller[i][0], french_reseller[i][1],
                                 &err))
            fail_msg("%s: %s", french_reseller[i][0], err.message);
    }
    return customer;
}

static int setup(void **state)
{
    const char *root = g_getenv("PLIEGO_SOURCE_ROOT");
    if (!root)
        return -1;
    fixture *f = g_new0(fixture, 1);
    pliego_error err = {0};
    f->catalog = pliego_catalog_load(root, &err);
    char *templates = g_build_filename(root, "templates", NULL);
    f->templates = f->catalog ? pliego_templates_load(templates, f->catalog, &err) : NULL;
    g_free(templates);
    f->scratch = g_dir_make_tmp("pliego-test-contract-XXXXXX", NULL);
    if (!f->templates) {
        fprintf(stderr, "setup: %s\n", err.message);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    pliego_templates_free(f->templates);
    pliego_catalog_free(f->catalog);
    char *command = g_strdup_printf("rm -rf '%s'", f->scratch);
    if (system(command) != 0)
        fprintf(stderr, "teardown: cannot remove %s\n", f->scratch);
    g_free(command);
    g_free(f->scratch);
    g_free(f);
    return 0;
}

static bool collect(void *ctx, const void *data, size_t len)
{
    g_byte_array_append(ctx, data, (guint)len);
    return true;
}

static int refusals;

static bool refuse(void *ctx, const void *data, size_t len)
{
    refusals++;
    return false;
}

static char *write_scratch(const fixture *f, const char *name, const GByteArray *bytes)
{
    char *path = g_build_filename(f->scratch, name, NULL);
    assert_true(g_file_set_contents(path, (const char *)bytes->data, bytes->len, NULL));
    return path;
}

/* The standard output of a command line, or fails the test. */
static char *run(const char *command_line)
{
    char *out = NULL, *errors = NULL;
    int status = 0;
    GError *error = NULL;
    if (!g_spawn_command_line_sync(command_line, &out, &errors, &status, &error))
        fail_msg("%s: %s", command_line, error->message);
    if (!g_spawn_check_wait_status(status, NULL))
        fail_msg("%s failed: %s", command_line, errors);
    g_free(errors);
    return out;
}

static pliego_document *notice(const fixture *f, const pliego_customer *customer,
                               const char *effective)
{
    pliego_customer *copy = pliego_customer_new();
    for (size_t i = 0; i < pliego_customer_field_count(); i++) {
        const char *name = pliego_customer_field_name(i);
        const char *value = pliego_customer_get(customer, name);
        assert_true(pliego_customer_set(copy, name, value, NULL));
    }
    assert_true(pliego_customer_set(copy, "effective-date", effective, NULL));
    pliego_error err = {0};
    pliego_document *document = pliego_document_assemble(
        f->catalog, copy, "cancellation-notice", NULL, "2026-11-25", &err);
    if (!document)
        fail_msg("assemble: %s", err.message);
    pliego_customer_free(copy);
    return document;
}

/* A record built from fields to PDF bytes in memory: a whole PDF whose
   page count pdfinfo confirms, and the very bytes of pliego render. */
static void test_pdf_in_memory(void **state)
{
    fixture *f = *state;
    pliego_customer *customer = french_customer();
    pliego_document *document = notice(f, customer, "2026-12-28");
    assert_string_equal(pliego_document_kind(document), "cancellation-notice");
    assert_string_equal(pliego_document_language(document), "fr");
    assert_int_equal(pliego_document_page_count(document), 0);
    GByteArray *pdf = g_byte_array_new();
    pliego_error err = {0};
    assert_true(pliego_document_render(document, f->templates, NULL, collect, pdf, &err));
    assert_true(pdf->len > 1000);
    assert_memory_equal(pdf->data, "%PDF-", 5);
    int pages = pliego_document_page_count(document);
    assert_true(pages >= 1);

    char *path = write_scratch(f, "api.pdf", pdf);
    char *command = g_strdup_printf("pdfinfo '%s'", path);
    char *info = run(command);
    const char *line = strstr(info, "\nPages:");
    assert_non_null(line);
    assert_int_equal(atoi(line + strlen("\nPages:")), pages);
    g_free(info);
    g_free(command);

    /* the record as a CSV file, rendered by the CLI: the same bytes */
    GByteArray *csv = g_byte_array_new();
    assert_true(pliego_customer_set(customer, "effective_date", "2026-12-28", &err));
    assert_true(pliego_customer_write_csv(customer, collect, csv, &err));
    char *csv_path = write_scratch(f, "customer.csv", csv);
    char *cli_pdf = g_build_filename(f->scratch, "cli.pdf", NULL);
    command = g_strdup_printf("'%s' render --catalog '%s' --customer '%s' "
                              "--doc cancellation-notice --on 2026-11-25 -o '%s'",
                              g_getenv("PLIEGO"), g_getenv("PLIEGO_SOURCE_ROOT"),
                              csv_path, cli_pdf);
    g_free(run(command));
    char *cli_bytes = NULL;
    gsize cli_length = 0;
    assert_true(g_file_get_contents(cli_pdf, &cli_bytes, &cli_length, NULL));
    assert_int_equal(cli_length, pdf->len);
    assert_memory_equal(cli_bytes, pdf->data, pdf->len);

    /* the document XML: what pliego render --emit document writes */
    GByteArray *xml = g_byte_array_new();
    assert_true(pliego_document_write_xml(document, collect, xml, &err));
    g_byte_array_append(xml, (const guint8 *)"", 1);
    assert_non_null(strstr((const char *)xml->data, "urn:pliego:document"));
    assert_non_null(strstr((const char *)xml->data, "Dupont &amp; Fils SARL"));

    g_byte_array_free(xml, TRUE);
    g_free(cli_bytes);
    g_free(command);
    g_free(cli_pdf);
    g_free(csv_path);
    g_byte_array_free(csv, TRUE);
    g_free(path);
    g_byte_array_free(pdf, TRUE);
    pliego_document_free(document);
    pliego_customer_free(customer);
}

static guint32 big_endian(const guint8 *p)
{
    return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

/* Page N as a PNG: its signature and size (A4 at the resolution asked). */
static void test_png_page(void **state)
{
    fixture *f = *state;
    const char *root = g_getenv("PLIEGO_SOURCE_ROOT");
    char *path = g_build_filename(root, "examples", "customer.xml", NULL);
    pliego_error err = {0};
    pliego_customer *customer = pliego_customer_load(path, 0, &err);
    assert_non_null(customer);
    assert_string_equal(pliego_customer_get(customer, "country"), "MX");
    pliego_document *document = pliego_document_assemble(
        f->catalog, customer, "service-description", "es-MX", "2026-11-25", &err);
    assert_non_null(document);
    pliego_render_options options;
    pliego_render_options_init(&options);
    options.format = PLIEGO_FORMAT_PNG;
    options.page = 2;
    options.dpi = 48;
    GByteArray *png = g_byte_array_new();
    assert_true(pliego_document_render(document, f->templates, &options, collect, png, &err));
    assert_true(pliego_document_page_count(document) >= 2);
    assert_true(png->len > 24);
    assert_memory_equal(png->data, "\x89PNG\r\n\x1a\n", 8);
    assert_memory_equal(png->data + 12, "IHDR", 4);
    /* 595.28 x 841.89 points at 48 dpi */
    assert_int_equal(big_endian(png->data + 16), 397);
    assert_int_equal(big_endian(png->data + 20), 561);

    /* page 1 differs from page 2 */
    GByteArray *first = g_byte_array_new();
    options.page = 1;
    assert_true(pliego_document_render(document, f->templates, &options, collect, first, &err));
    assert_false(first->len == png->len && memcmp(first->data, png->data, png->len) == 0);

    g_byte_array_free(first, TRUE);
    g_byte_array_free(png, TRUE);
    pliego_document_free(document);
    pliego_customer_free(customer);
    g_free(path);
}

static void test_catalog_error(void **state)
{
    fixture *f = *state;
    char *missing = g_build_filename(f->scratch, "no-such-catalogue", NULL);
    pliego_error err = {0};
    assert_null(pliego_catalog_load(missing, &err));
    assert_int_equal(err.kind, PLIEGO_ERROR_KIND_CATALOG);
    assert_string_equal(pliego_error_kind_name(err.kind), "catalog");
    assert_non_null(strstr(err.file, "no-such-catalogue"));
    assert_true(err.message[0] != '\0');
    g_free(missing);
}

static void test_customer_errors(void **state)
{
    (void)state;
    pliego_customer *customer = french_customer();
    pliego_error err = {0};
    assert_false(pliego_customer_set(customer, "start_date", "1st of May", &err));
    assert_int_equal(err.kind, PLIEGO_ERROR_KIND_CUSTOMER);
    assert_string_equal(err.field, "start_date");
    assert_int_equal(err.row, 0);
    assert_string_equal(err.message, "\"1st of May\" is not a date (YYYY-MM-DD)");
    /* the record is unchanged */
    assert_string_equal(pliego_customer_get(customer, "start_date"), "2026-01-01");

    assert_false(pliego_customer_set(customer, "term_months", "three", &err));
    assert_string_equal(err.field, "term_months");
    assert_false(pliego_customer_set(customer, "products", "NW-1", &err));
    assert_string_equal(err.field, "products");
    assert_false(pliego_customer_set(customer, "original_purchaser", "maybe", &err));
    assert_string_equal(err.field, "original_purchaser");
    assert_false(pliego_customer_set(customer, "legal_name", "bad \xff byte", &err));
    assert_string_equal(err.field, "legal_name");
    assert_int_equal(err.kind, PLIEGO_ERROR_KIND_CUSTOMER);

    assert_false(pliego_customer_set(customer, "favourite_colour", "blue", &err));
    assert_int_equal(err.kind, PLIEGO_ERROR_KIND_CUSTOMER);
    assert_string_equal(err.field, "favourite_colour");

    /* an empty value removes the field */
    assert_true(pliego_customer_set(customer, "reseller", "", &err));
    assert_null(pliego_customer_get(customer, "reseller"));
    pliego_customer_free(customer);

    /* a row out of range of a customer file */
    char *path = g_build_filename(g_getenv("PLIEGO_SOURCE_ROOT"), "examples",
                                  "customers.csv", NULL);
    assert_null(pliego_customer_load(path, 999, &err));
    assert_int_equal(err.kind, PLIEGO_ERROR_KIND_CUSTOMER);
    assert_non_null(strstr(err.message, "--row 999 is out of range"));
    pliego_customer *row = pliego_customer_load(path, 2, &err);
    assert_non_null(row);
    pliego_customer_free(row);
    g_free(path);
}

/* What assembling finds wrong: a missing field, a broken rule, a bad kind,
   date or language. */
static void test_assemble_errors(void **state)
{
    fixture *f = *state;
    pliego_customer *customer = french_customer();
    pliego_error err = {0};
    assert_null(pliego_document_assemble(f->catalog, customer, "cancellation-notice", NULL,
                                         "2026-11-25", &err));
    assert_int_equal(err.kind, PLIEGO_ERROR_KIND_RULE);
    assert_string_equal(pliego_error_kind_name(err.kind), "rule");
    assert_string_equal(err.field, "effective_date");
    assert_string_equal(err.rule, "min-notice-days");
    assert_string_equal(err.message,
                        "For France the effective date must be at least 30 days after the "
                        "notice date: the earliest is 25 December 2026.");
    assert_string_equal(err.file, "");

    assert_true(pliego_customer_set(customer, "effective_date", "2026-12-25", &err));
    assert_true(pliego_customer_set(customer, "vendor_entity", NULL, &err));
    assert_null(pliego_document_assemble(f->catalog, customer, "cancellation-notice", NULL,
                                         "2026-11-25", &err));
    assert_int_equal(err.kind, PLIEGO_ERROR_KIND_CUSTOMER);
    assert_string_equal(err.field, "vendor_entity");
    assert_string_equal(err.rule, "");
    assert_string_equal(err.message, "missing required field");
    assert_true(pliego_customer_set(customer, "vendor_entity", "Northwind SAS", &err));

    assert_null(pliego_document_assemble(f->catalog, customer, "invoice", NULL, NULL, &err));
    assert_int_equal(err.kind, PLIEGO_ERROR_KIND_REQUEST);
    assert_non_null(strstr(err.message, "\"invoice\" is not a kind of document"));
    assert_null(pliego_document_assemble(f->catalog, customer, NULL, NULL, NULL, &err));
    assert_int_equal(err.kind, PLIEGO_ERROR_KIND_REQUEST);
    assert_null(pliego_document_assemble(f->catalog, customer, "cancellation-notice", NULL,
                                         "25/11/2026", &err));
    assert_int_equal(err.kind, PLIEGO_ERROR_KIND_REQUEST);
    assert_null(pliego_document_assemble(f->catalog, customer, "cancellation-notice",
                                         "French", "2026-11-25", &err));
    assert_int_equal(err.kind, PLIEGO_ERROR_KIND_REQUEST);
    assert_string_equal(err.field, "");

    pliego_document *document = pliego_document_assemble(
        f->catalog, customer, "cancellation-notice", NULL, "2026-11-25", &err);
    assert_non_null(document);
    pliego_document_free(document);
    pliego_customer_free(customer);
}

/* No such page: a request error, with the page count known. */
static void test_page_out_of_range(void **state)
{
    fixture *f = *state;
    pliego_customer *customer = french_customer();
    pliego_document *document = notice(f, customer, "2026-12-28");
    pliego_render_options options;
    pliego_render_options_init(&options);
    options.format = PLIEGO_FORMAT_PNG;
    options.page = 99;
    GByteArray *png = g_byte_array_new();
    pliego_error err = {0};
    assert_false(pliego_document_render(document, f->templates, &options, collect, png, &err));
    assert_int_equal(err.kind, PLIEGO_ERROR_KIND_REQUEST);
    assert_int_equal(png->len, 0);
    int pages = pliego_document_page_count(document);
    assert_true(pages >= 1);
    char *expected = g_strdup_printf("there is no page 99: the document has %d page", pages);
    assert_non_null(strstr(err.message, expected));
    options.page = 0;
    assert_false(pliego_document_render(document, f->templates, &options, collect, png, &err));
    assert_int_equal(err.kind, PLIEGO_ERROR_KIND_REQUEST);
    g_free(expected);
    g_byte_array_free(png, TRUE);
    pliego_document_free(document);
    pliego_customer_free(customer);
}

/* A write function that refuses: an output error, each time, and no more
   calls after the refusal. */
static void test_output_refused(void **state)
{
    fixture *f = *state;
    pliego_customer *customer = french_customer();
    pliego_document *document = notice(f, customer, "2026-12-28");
    pliego_error err = {0};
    refusals = 0;
    assert_false(pliego_document_render(document, f->templates, NULL, refuse, NULL, &err));
    assert_int_equal(err.kind, PLIEGO_ERROR_KIND_OUTPUT);
    assert_int_equal(err.code, PLIEGO_ERROR_IO);
    assert_int_equal(refusals, 1);
    pliego_render_options options;
    pliego_render_options_init(&options);
    options.format = PLIEGO_FORMAT_PNG;
    assert_false(pliego_document_render(document, f->templates, &options, refuse, NULL, &err));
    assert_int_equal(err.kind, PLIEGO_ERROR_KIND_OUTPUT);
    options.format = PLIEGO_FORMAT_FO;
    assert_false(pliego_document_render(document, f->templates, &options, refuse, NULL, &err));
    assert_int_equal(err.kind, PLIEGO_ERROR_KIND_OUTPUT);
    assert_false(pliego_document_write_xml(document, refuse, NULL, &err));
    assert_int_equal(err.kind, PLIEGO_ERROR_KIND_OUTPUT);
    assert_false(pliego_customer_write_csv(customer, refuse, NULL, &err));
    assert_int_equal(err.kind, PLIEGO_ERROR_KIND_OUTPUT);
    assert_int_equal(refusals, 5);
    /* and the document still renders afterwards */
    GByteArray *pdf = g_byte_array_new();
    assert_true(pliego_document_render(document, f->templates, NULL, collect, pdf, &err));
    assert_memory_equal(pdf->data, "%PDF-", 5);
    g_byte_array_free(pdf, TRUE);
    pliego_document_free(document);
    pliego_customer_free(customer);
}

/* Templates that are not there, or that fail: template errors. */
static void test_template_errors(void **state)
{
    fixture *f = *state;
    char *missing = g_build_filename(f->scratch, "no-templates", NULL);
    pliego_error err = {0};
    assert_null(pliego_templates_load(missing, f->catalog, &err));
    assert_int_equal(err.kind, PLIEGO_ERROR_KIND_TEMPLATE);
    /* a folder whose template stops with xsl:message terminate="yes" */
    char *folder = g_build_filename(f->scratch, "bad-templates", NULL);
    g_mkdir(folder, 0777);
    char *stylesheet = g_build_filename(folder, "cancellation-notice.xsl", NULL);
    const char *text =
        "<xsl:stylesheet version=\"1.0\" "
        "xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">\n"
        "<xsl:template match=\"/\"><xsl:message terminate=\"yes\">no</xsl:message>"
        "</xsl:template>\n</xsl:stylesheet>\n";
    assert_true(g_file_set_contents(stylesheet, text, -1, NULL));
    pliego_templates *bad = pliego_templates_load(folder, f->catalog, &err);
    assert_non_null(bad);
    assert_false(pliego_templates_compile(bad, "invoice", &err));
    assert_int_equal(err.kind, PLIEGO_ERROR_KIND_REQUEST);
    pliego_customer *customer = french_customer();
    pliego_document *document = notice(f, customer, "2026-12-28");
    GByteArray *pdf = g_byte_array_new();
    assert_false(pliego_document_render(document, bad, NULL, collect, pdf, &err));
    assert_int_equal(err.kind, PLIEGO_ERROR_KIND_TEMPLATE);
    assert_int_equal(pdf->len, 0);
    assert_non_null(strstr(err.file, "cancellation-notice.xsl"));

    /* a template whose output declares a document type: refused, as an
       FO file with <!DOCTYPE> is */
    pliego_templates_free(bad);
    const char *doctype =
        "<xsl:stylesheet version=\"1.0\" "
        "xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" "
        "xmlns:fo=\"http://www.w3.org/1999/XSL/Format\">\n"
        "<xsl:output doctype-system=\"fo.dtd\"/>\n"
        "<xsl:template match=\"/\"><fo:root><fo:layout-master-set>"
        "<fo:simple-page-master master-name=\"p\"><fo:region-body/>"
        "</fo:simple-page-master></fo:layout-master-set>"
        "<fo:page-sequence master-reference=\"p\"><fo:flow flow-name=\"xsl-region-body\">"
        "<fo:block>x</fo:block></fo:flow></fo:page-sequence></fo:root></xsl:template>\n"
        "</xsl:stylesheet>\n";
    assert_true(g_file_set_contents(stylesheet, doctype, -1, NULL));
    bad = pliego_templates_load(folder, f->catalog, &err);
    assert_non_null(bad);
    pliego_document_free(document);
    document = notice(f, customer, "2026-12-28");
    assert_false(pliego_document_render(document, bad, NULL, collect, pdf, &err));
    assert_int_equal(err.kind, PLIEGO_ERROR_KIND_TEMPLATE);
    assert_non_null(strstr(err.message, "document type declarations"));
    assert_int_equal(pdf->len, 0);
    /* without it, the same template renders */
    char *plain = g_strdup(doctype);
    char *output = strstr(plain, "<xsl:output");
    memset(output, ' ', (size_t)(strchr(output, '>') - output + 1));
    assert_true(g_file_set_contents(stylesheet, plain, -1, NULL));
    pliego_templates_free(bad);
    bad = pliego_templates_load(folder, f->catalog, &err);
    pliego_document_free(document);
    document = notice(f, customer, "2026-12-28");
    pliego_render_options plain_pdf;
    pliego_render_options_init(&plain_pdf);
    plain_pdf.pdf_standards = 0; /* PDF/UA needs a title and language it lacks */
    if (!pliego_document_render(document, bad, &plain_pdf, collect, pdf, &err))
        fail_msg("%s", err.message);
    assert_int_equal(pliego_document_page_count(document), 1);
    g_free(plain);

    g_byte_array_free(pdf, TRUE);
    pliego_document_free(document);
    pliego_customer_free(customer);
    pliego_templates_free(bad);
    g_free(stylesheet);
    g_free(folder);
    g_free(missing);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pdf_in_memory),    cmocka_unit_test(test_png_page),
        cmocka_unit_test(test_catalog_error),    cmocka_unit_test(test_customer_errors),
        cmocka_unit_test(test_assemble_errors),  cmocka_unit_test(test_page_out_of_range),
        cmocka_unit_test(test_output_refused),   cmocka_unit_test(test_template_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
