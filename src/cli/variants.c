/* pliego variants: every regional variant of one kind of document, for
 * legal review.
 *
 *   pliego variants --doc KIND --out DIR [--countries CC,...]
 *       [--channels direct,reseller] [--langs es,fr,...] [--customer FILE
 *       [--row N]] [--on DATE] [--catalog DIR] [--templates DIR] [-j N]
 *       [--dpi N] [-q]
 *
 * The matrix is every country of the catalogue × each language offered
 * there × both channels (narrowed by the options), each the sample
 * customer with its country, channel and language replaced. The matrix
 * becomes a customer CSV (DIR/variants.csv) that `pliego batch` renders
 * (its workers, atomic writes, progress line and manifest, plus a
 * thumbnail of each first page); then this process assembles each variant
 * again to read its clauses (assembly is cheap next to layout), groups the
 * variants that are the same for legal review (same clause list,
 * versions, hashes, terms and region data: the review stage's signature),
 * compares each group with its region's direct variant, and writes
 * DIR/variants.json and DIR/index.pdf (templates/variants-index.xsl: one
 * contact sheet per group).
 *
 * Exit status: 0 done, 1 some variants failed (listed; the rest are
 * written), 2 bad input (catalogue, customer, an unknown country, channel
 * or language: the valid ones are listed), 3 output failure.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assemble/assemble.h"
#include "batch/batch.h"
#include "cli/commands.h"
#include "cli/locate.h"
#include "cli/variant.h"
#include "common/output.h"
#include "pliego/archive.h"
#include "pliego/review.h"
#include "review/review.h"
#include "xslt/xslt.h"

static char *doc_kind;
static char *out_dir;
static char *countries_option;
static char *channels_option;
static char *langs_option;
static char *customer_path;
static int row;
static char *on_date;
static char *catalog_dir;
static char *templates_dir;
static int jobs;
static double dpi = 40;
static char *pdf_standard;
static unsigned pdf_standards = PLIEGO_PDF_ARCHIVAL;
static gboolean quiet;

static GOptionEntry variants_options[] = {
    {"doc", 0, 0, G_OPTION_ARG_STRING, &doc_kind,
     "The kind of document: service-description, cancellation-notice or transfer-notice",
     "KIND"},
    {"out", 0, 0, G_OPTION_ARG_FILENAME, &out_dir,
     "The folder for the PDFs, thumbnails, variants.json and index.pdf", "DIR"},
    {"countries", 0, 0, G_OPTION_ARG_STRING, &countries_option,
     "Only these countries, ISO 3166 codes separated by commas (default: every "
     "country of the catalogue)", "LIST"},
    {"channels", 0, 0, G_OPTION_ARG_STRING, &channels_option,
     "Only these channels: direct, reseller or both separated by a comma (default: both)",
     "LIST"},
    {"langs", 0, 0, G_OPTION_ARG_STRING, &langs_option,
     "Only these of each country's languages, separated by commas (default: all)",
     "LIST"},
    {"customer", 0, 0, G_OPTION_ARG_FILENAME, &customer_path,
     "The sample customer: FILE.xml, or FILE.csv with --row (default: the sample record "
     "of docs/review.md)", "FILE"},
    {"row", 0, 0, G_OPTION_ARG_INT, &row,
     "The CSV data row of --customer (1 is the first after the header)", "N"},
    {"on", 0, 0, G_OPTION_ARG_STRING, &on_date,
     "The documents' date, YYYY-MM-DD (default: today, UTC)", "DATE"},
    {"catalog", 0, 0, G_OPTION_ARG_FILENAME, &catalog_dir,
     "The catalogue folder (default: $PLIEGO_CATALOG, else . when it holds regions/ "
     "and locales/, else the installed one)", "DIR"},
    {"templates", 0, 0, G_OPTION_ARG_FILENAME, &templates_dir,
     "The folder holding KIND.xsl and variants-index.xsl (default: CATALOG/templates)",
     "DIR"},
    {"jobs", 'j', 0, G_OPTION_ARG_INT, &jobs,
     "Worker processes (default: one per core)", "N"},
    {"dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi,
     "Resolution of the first-page thumbnails (default 40)", "N"},
    {"pdf-standard", 0, 0, G_OPTION_ARG_STRING, &pdf_standard,
     "Standards each PDF meets: pdf/a-3b, pdf/a-2b, pdf/ua-1, comma-joined, or none "
     "(default pdf/a-3b,pdf/ua-1, as render)", "LIST"},
    {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress lines", NULL},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};

typedef struct {
    cli_variant v;
    const catalog_region *region;
    pliego_review_document *doc;
    batch_record record;
    int group;         /* 0-based */
} variant;

typedef struct {
    GArray *members;   /* of int, index into the variants */
    int reference;     /* the region's direct variant compared with, or -1 */
    pliego_review_diff *diff;
} group;

static int usage_error(const char *message)
{
    fprintf(stderr, "pliego variants: %s\n", message);
    return EXIT_USAGE;
}

static int input_error(const pliego_error *err)
{
    pliego_error_print(err, stderr);
    return EXIT_INPUT;
}

static bool listed(char **list, const char *value)
{
    if (!list)
        return true;
    for (char **p = list; *p; p++)
        if (g_ascii_strcasecmp(*p, value) == 0)
            return true;
    return false;
}

/* Checks the --countries, --channels and --langs values against cat. */
static bool check_filters(const catalog *cat, char **countries, char **channels,
                          char **langs, pliego_error *err)
{
    cli_variant probe = {NULL, "US", "direct", "en"};
    const catalog_region *first = cat->regions.count ? cat->regions.items[0] : NULL;
    if (first && first->countries.count)
        probe.country = (char *)((const catalog_country *)first->countries.items[0])->code;
    if (cat->libraries.count)
        probe.lang = (char *)((const catalog_library *)cat->libraries.items[0])->lang;
    for (char **p = countries; p && *p; p++) {
        cli_variant v = probe;
        v.country = *p;
        if (!cli_variant_check(cat, &v, "--countries", err))
            return false;
    }
    for (char **p = channels; p && *p; p++) {
        cli_variant v = probe;
        v.channel = *p;
        if (!cli_variant_check(cat, &v, "--channels", err))
            return false;
    }
    for (char **p = langs; p && *p; p++) {
        cli_variant v = probe;
        v.lang = *p;
        if (!cli_variant_check(cat, &v, "--langs", err))
            return false;
    }
    return true;
}

static char **split_option(const char *text, bool upper)
{
    if (!text)
        return NULL;
    char *copy = upper ? g_ascii_strup(text, -1) : g_strdup(text);
    char **list = g_strsplit(copy, ",", -1);
    g_free(copy);
    for (char **p = list; *p; p++)
        g_strstrip(*p);
    return list;
}

/* The variants of one country: each language it offers that langs lists,
   each channel that channels lists. */
static void add_country(GArray *variants, const catalog_region *region,
                        const catalog_country *country, char **channels, char **langs)
{
    static const char *const both[] = {"direct", "reseller"};
    for (const char **lang = country->languages; *lang; lang++) {
        if (!listed(langs, *lang))
            continue;
        for (size_t k = 0; k < G_N_ELEMENTS(both); k++) {
            if (!listed(channels, both[k]))
                continue;
            variant v = {0};
            v.region = region;
            v.v.country = g_strdup(country->code);
            v.v.channel = g_strdup(both[k]);
            v.v.lang = g_strdup(*lang);
            v.v.id = g_strdup_printf("%s-%s-%s", country->code, both[k], *lang);
            g_array_append_val(variants, v);
        }
    }
}

/* The matrix, in the terms table's region order. */
static GArray *enumerate(const catalog *cat, char **countries, char **channels, char **langs)
{
    GArray *variants = g_array_new(FALSE, TRUE, sizeof(variant));
    GPtrArray *regions = catalog_regions_in_order(cat);
    for (guint r = 0; r < regions->len; r++) {
        const catalog_region *region = regions->pdata[r];
        for (size_t c = 0; c < region->countries.count; c++) {
            const catalog_country *country = region->countries.items[c];
            if (listed(countries, country->code))
                add_country(variants, region, country, channels, langs);
        }
    }
    g_ptr_array_free(regions, TRUE);
    return variants;
}

/* Reads the batch's manifest into the variants' records (row i + 1 is
   variant i). */
static bool read_manifest(const char *path, GArray *variants, pliego_error *err)
{
    batch_manifest_reader *reader = batch_manifest_open(path, err);
    if (!reader)
        return false;
    batch_record record = {0};
    int got;
    while ((got = batch_manifest_read(reader, &record, err)) > 0)
        if (record.row >= 1 && record.row <= (int)variants->len)
            batch_record_copy(&g_array_index(variants, variant, record.row - 1).record,
                              &record);
    batch_record_clear(&record);
    batch_manifest_reader_free(reader);
    return got == 0;
}

/* Assembles every variant in this process to read its clauses. */
static bool read_documents(const catalog *cat, const catalog_customer_set *set,
                           catalog_doc_kind kind, guint32 on, GArray *variants,
                           const char *csv_path)
{
    bool all = true;
    for (guint i = 0; i < variants->len; i++) {
        variant *v = &g_array_index(variants, variant, i);
        pliego_error err = {0};
        assemble_request request = {.customer_path = csv_path, .kind = kind,
                                    .lang = v->v.lang, .on = on};
        assemble_job *job = assemble_job_new_for(cat, set, i, &request, &err);
        xmlDocPtr xml = job ? assemble_job_build(job, &err) : NULL;
        assemble_job_free(job);
        v->doc = xml ? review_document_from_xml(xml, v->v.id, &err) : NULL;
        xmlFreeDoc(xml);
        if (!v->doc) {
            pliego_error named = err;
            g_snprintf(named.message, sizeof named.message, "variant %s: %s", v->v.id,
                       err.message);
            pliego_error_print(&named, stderr);
            all = false;
        }
    }
    return all;
}

/* Groups the variants by signature, in order of first appearance, and
   compares each group with its region's direct variant (the first direct
   variant of the region, in the group's language when there is one). */
static GPtrArray *make_groups(GArray *variants)
{
    GPtrArray *groups = g_ptr_array_new();
    GHashTable *by_signature = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < variants->len; i++) {
        variant *v = &g_array_index(variants, variant, i);
        if (!v->doc) {
            v->group = -1;
            continue;
        }
        const char *signature = pliego_review_document_signature(v->doc);
        gpointer found;
        if (!g_hash_table_lookup_extended(by_signature, signature, NULL, &found)) {
            group *g = g_new0(group, 1);
            g->members = g_array_new(FALSE, FALSE, sizeof(int));
            g->reference = -1;
            found = GINT_TO_POINTER(groups->len);
            g_ptr_array_add(groups, g);
            g_hash_table_insert(by_signature, (gpointer)signature, found);
        }
        v->group = GPOINTER_TO_INT(found);
        int index = (int)i;
        g_array_append_val(((group *)groups->pdata[v->group])->members, index);
    }
    g_hash_table_destroy(by_signature);
    for (guint k = 0; k < groups->len; k++) {
        group *g = groups->pdata[k];
        const variant *first = &g_array_index(variants, variant, g_array_index(g->members, int, 0));
        int reference = -1;
        for (guint i = 0; i < variants->len; i++) {
            const variant *v = &g_array_index(variants, variant, i);
            if (!v->doc || v->region != first->region || strcmp(v->v.channel, "direct") != 0)
                continue;
            if (reference < 0 || (strcmp(v->v.lang, first->v.lang) == 0 &&
                                  strcmp(g_array_index(variants, variant, reference).v.lang,
                                         first->v.lang) != 0))
                reference = (int)i;
        }
        g->reference = reference;
        if (reference >= 0 && g_array_index(variants, variant, reference).group != (int)k)
            g->diff = pliego_review_diff_new(g_array_index(variants, variant, reference).doc,
                                             first->doc, NULL);
    }
    return groups;
}

/* The distinct values of one of a group's variant fields, in order. */
static char *distinct(GArray *variants, const group *g, int which, const char *separator)
{
    GPtrArray *seen = g_ptr_array_new();
    for (guint i = 0; i < g->members->len; i++) {
        const variant *v = &g_array_index(variants, variant, g_array_index(g->members, int, i));
        const char *value = which == 0 ? v->v.country : which == 1 ? v->v.channel : v->v.lang;
        bool again = false;
        for (guint j = 0; j < seen->len && !again; j++)
            again = strcmp(seen->pdata[j], value) == 0;
        if (!again)
            g_ptr_array_add(seen, (gpointer)value);
    }
    g_ptr_array_add(seen, NULL);
    char *joined = g_strjoinv(separator, (char **)seen->pdata);
    g_ptr_array_free(seen, TRUE);
    return joined;
}

/* How a group differs from its region's direct variant, in words. */
static char *difference_text(GArray *variants, const group *g, int index)
{
    if (g->reference < 0)
        return g_strdup("The region has no direct variant to compare with.");
    const variant *reference = &g_array_index(variants, variant, g->reference);
    if (reference->group == index)
        return g_strdup_printf("The region's direct variant (%s).", reference->v.id);
    if (!g->diff)
        return g_strdup("Not compared.");
    GString *out = g_string_new(NULL);
    g_string_append_printf(out, "Compared with %s:", reference->v.id);
    int shown = 0;
    for (guint i = 0; i < g->diff->entries->len; i++) {
        const review_entry *e = g->diff->entries->pdata[i];
        if (e->status == REVIEW_SAME)
            continue;
        g_string_append_printf(out, "%s %s %s", shown++ ? ";" : "",
                               e->a ? e->a->id : e->b->id, review_status_name(e->status));
    }
    for (guint i = 0; i < g->diff->facts->len; i++)
        g_string_append_printf(out, "%s %s differs", shown++ ? ";" : "",
                               g_array_index(g->diff->facts, review_fact_change, i).name);
    if (!shown)
        g_string_append(out, " the same clauses and facts");
    g_string_append_c(out, '.');
    return g_string_free(out, FALSE);
}

static char *variants_json(GArray *variants, GPtrArray *groups, const char *kind,
                           guint32 on)
{
    char date[11];
    assemble_iso_date(on, date);
    GString *out = g_string_new("{\n  \"schema\": \"pliego-variants/1\",\n  \"kind\": ");
    review_json_text(out, kind);
    g_string_append_printf(out, ",\n  \"date\": \"%s\",\n  \"variants\": [", date);
    for (guint i = 0; i < variants->len; i++) {
        const variant *v = &g_array_index(variants, variant, i);
        g_string_append(out, i ? ",\n    {\"id\": " : "\n    {\"id\": ");
        review_json_text(out, v->v.id);
        g_string_append(out, ", \"region\": ");
        review_json_text(out, v->region->id);
        g_string_append(out, ", \"country\": ");
        review_json_text(out, v->v.country);
        g_string_append(out, ", \"channel\": ");
        review_json_text(out, v->v.channel);
        g_string_append(out, ", \"language\": ");
        review_json_text(out, v->doc ? v->doc->lang : v->v.lang);
        g_string_append(out, ", \"requested_language\": ");
        review_json_text(out, v->v.lang);
        g_string_append_printf(out, ", \"group\": %d, \"status\": ", v->group + 1);
        review_json_text(out, v->record.status == BATCH_STATUS_FAILED || !v->doc ? "failed" : "ok");
        g_string_append(out, ", \"error\": ");
        review_json_text(out, v->record.error);
        g_string_append(out, ", \"file\": ");
        review_json_text(out, v->record.file);
        g_string_append_printf(out, ", \"pages\": %d, \"sha256\": ", v->record.pages);
        review_json_text(out, *v->record.sha256 ? v->record.sha256 : NULL);
        g_string_append(out, ", \"fallbacks\": [");
        for (guint f = 0; v->doc && f < v->doc->fallbacks->len; f++) {
            const char *pair = v->doc->fallbacks->pdata[f];
            const char *to = strchr(pair, '>');
            char *from = g_strndup(pair, (gsize)(to - pair));
            g_string_append(out, f ? ", {\"from\": " : "{\"from\": ");
            review_json_text(out, from);
            g_string_append(out, ", \"to\": ");
            review_json_text(out, to + 1);
            g_string_append(out, "}");
            g_free(from);
        }
        g_string_append(out, "], \"signature\": ");
        review_json_text(out, v->doc ? v->doc->signature : NULL);
        g_string_append(out, ",\n     \"clauses\": [");
        for (guint c = 0; v->doc && c < v->doc->clauses->len; c++) {
            const review_clause *clause = v->doc->clauses->pdata[c];
            g_string_append(out, c ? ",\n       {\"id\": " : "\n       {\"id\": ");
            review_json_text(out, clause->id);
            g_string_append_printf(out, ", \"version\": %d, \"lang\": ", clause->version);
            review_json_text(out, clause->lang);
            g_string_append_printf(out, ", \"fallback\": %s, \"sha256\": ",
                                   clause->fallback ? "true" : "false");
            review_json_text(out, clause->sha256);
            g_string_append(out, ", \"body_lang\": ");
            review_json_text(out, clause->body_lang);
            g_string_append(out, ", \"body_sha256\": ");
            review_json_text(out, clause->body_sha256);
            g_string_append(out, "}");
        }
        g_string_append(out, "]}");
    }
    g_string_append(out, "\n  ],\n  \"groups\": [");
    for (guint k = 0; k < groups->len; k++) {
        const group *g = groups->pdata[k];
        g_string_append_printf(out, "%s\n    {\"group\": %u, \"variants\": [",
                               k ? "," : "", k + 1);
        for (guint i = 0; i < g->members->len; i++) {
            g_string_append(out, i ? ", " : "");
            review_json_text(out, g_array_index(variants, variant,
                                         g_array_index(g->members, int, i)).v.id);
        }
        g_string_append(out, "], \"compared_with\": ");
        review_json_text(out, g->reference >= 0
                           ? g_array_index(variants, variant, g->reference).v.id : NULL);
        char *difference = difference_text(variants, g, (int)k);
        g_string_append(out, ", \"difference\": ");
        review_json_text(out, difference);
        g_free(difference);
        g_string_append(out, "}");
    }
    g_string_append(out, "\n  ]\n}\n");
    return g_string_free(out, FALSE);
}

static void free_groups(GPtrArray *groups)
{
    if (!groups)
        return;
    for (guint k = 0; k < groups->len; k++) {
        group *g = groups->pdata[k];
        pliego_review_diff_free(g->diff);
        g_array_unref(g->members);
        g_free(g);
    }
    g_ptr_array_free(groups, TRUE);
}

static void free_variants(GArray *variants)
{
    for (guint i = 0; i < variants->len; i++) {
        variant *v = &g_array_index(variants, variant, i);
        cli_variant_clear(&v->v);
        pliego_review_document_free(v->doc);
        batch_record_clear(&v->record);
    }
    g_array_free(variants, TRUE);
}

char *cli_variants_matrix_json(const catalog *cat, const catalog_customer *sample,
                               catalog_doc_kind kind, guint32 on, pliego_error *err)
{
    GArray *variants = enumerate(cat, NULL, NULL, NULL);
    cli_variant *list = g_new0(cli_variant, variants->len);
    for (guint i = 0; i < variants->len; i++)
        list[i] = g_array_index(variants, variant, i).v;
    char *csv = cli_variants_csv(sample, list, (int)variants->len);
    g_free(list);
    catalog_customer_set *set =
        catalog_customer_set_load_memory(csv, strlen(csv), "variants.csv", true, err);
    g_free(csv);
    if (!set) {
        free_variants(variants);
        return NULL;
    }
    read_documents(cat, set, kind, on, variants, "variants.csv");
    catalog_customer_set_free(set);
    GPtrArray *groups = make_groups(variants);
    const char *kind_name = catalog_doc_kind_name(kind);
    GString *out = g_string_new("{\"kind\":");
    review_json_text(out, kind_name);
    g_string_append(out, ",\"groups\":[");
    for (guint k = 0; k < groups->len; k++) {
        const group *g = groups->pdata[k];
        g_string_append_printf(out, "%s{\"id\":%u,\"members\":[", k ? "," : "", k + 1);
        for (guint i = 0; i < g->members->len; i++) {
            const variant *v =
                &g_array_index(variants, variant, g_array_index(g->members, int, i));
            char *spec = g_strdup_printf("country=%s,channel=%s,lang=%s,doc=%s",
                                         v->v.country, v->v.channel, v->v.lang, kind_name);
            g_string_append(out, i ? ",{\"country\":" : "{\"country\":");
            review_json_text(out, v->v.country);
            g_string_append(out, ",\"channel\":");
            review_json_text(out, v->v.channel);
            g_string_append(out, ",\"lang\":");
            review_json_text(out, v->v.lang);
            g_string_append(out, ",\"id\":");
            review_json_text(out, v->v.id);
            g_string_append(out, ",\"spec\":");
            review_json_text(out, spec);
            g_string_append(out, "}");
            g_free(spec);
        }
        const variant *first =
            &g_array_index(variants, variant, g_array_index(g->members, int, 0));
        char *countries = distinct(variants, g, 0, ", ");
        char *channels = distinct(variants, g, 1, ", ");
        char *langs = distinct(variants, g, 2, ", ");
        char *caption = g_strdup_printf("%s: %s; %s; %s", first->region->name
                                        ? first->region->name : first->region->id,
                                        countries, channels, langs);
        char *difference = difference_text(variants, g, (int)k);
        g_string_append(out, "],\"region\":");
        review_json_text(out, first->region->id);
        g_string_append(out, ",\"caption\":");
        review_json_text(out, caption);
        g_string_append(out, ",\"differs\":");
        review_json_text(out, difference);
        g_string_append(out, "}");
        g_free(countries);
        g_free(channels);
        g_free(langs);
        g_free(caption);
        g_free(difference);
    }
    g_string_append(out, "]}\n");
    free_groups(groups);
    free_variants(variants);
    return g_string_free(out, FALSE);
}

/* The index: one contact sheet per group (variants-index.xsl). */
static bool write_index(GArray *variants, GPtrArray *groups, const char *kind,
                        const char *templates, const char *catalog_folder, pliego_error *err)
{
    char *real = realpath(out_dir, NULL);
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr root = xmlNewNode(NULL, (const xmlChar *)"variants");
    xmlDocSetRootElement(doc, root);
    xmlSetNs(root, xmlNewNs(root, (const xmlChar *)"urn:pliego:variants", NULL));
    xmlNewProp(root, (const xmlChar *)"kind", (const xmlChar *)kind);
    char count[16];
    g_snprintf(count, sizeof count, "%u", variants->len);
    xmlNewProp(root, (const xmlChar *)"count", (const xmlChar *)count);
    for (guint k = 0; k < groups->len; k++) {
        const group *g = groups->pdata[k];
        const variant *first =
            &g_array_index(variants, variant, g_array_index(g->members, int, 0));
        xmlNodePtr node = xmlNewChild(root, root->ns, (const xmlChar *)"group", NULL);
        g_snprintf(count, sizeof count, "%u", k + 1);
        xmlNewProp(node, (const xmlChar *)"number", (const xmlChar *)count);
        g_snprintf(count, sizeof count, "%u", g->members->len);
        xmlNewProp(node, (const xmlChar *)"size", (const xmlChar *)count);
        xmlNewProp(node, (const xmlChar *)"region", (const xmlChar *)first->region->id);
        char *countries = distinct(variants, g, 0, ", ");
        char *channels = distinct(variants, g, 1, ", ");
        char *langs = distinct(variants, g, 2, ", ");
        xmlNewProp(node, (const xmlChar *)"countries", (const xmlChar *)countries);
        xmlNewProp(node, (const xmlChar *)"channels", (const xmlChar *)channels);
        xmlNewProp(node, (const xmlChar *)"languages", (const xmlChar *)langs);
        g_free(countries);
        g_free(channels);
        g_free(langs);
        if (first->record.file && real) {
            char *png = g_strdup(first->record.file);
            if (g_str_has_suffix(png, ".pdf"))
                strcpy(png + strlen(png) - 4, ".png");
            char *path = g_build_filename(real, png, NULL);
            if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
                xmlNewProp(node, (const xmlChar *)"thumbnail", (const xmlChar *)path);
            g_free(path);
            g_free(png);
        }
        char *difference = difference_text(variants, g, (int)k);
        xmlNewChild(node, root->ns, (const xmlChar *)"difference", NULL);
        xmlNodeAddContent(node->last, (const xmlChar *)difference);
        g_free(difference);
        for (guint i = 0; i < g->members->len; i++) {
            const variant *v = &g_array_index(variants, variant, g_array_index(g->members, int, i));
            xmlNodePtr member = xmlNewChild(node, root->ns, (const xmlChar *)"variant", NULL);
            xmlNewProp(member, (const xmlChar *)"id", (const xmlChar *)v->v.id);
        }
    }
    xslt_templates *stylesheets = xslt_templates_new(templates, catalog_folder, err);
    xmlChar *fo = NULL;
    int length = 0;
    bool ok = stylesheets &&
              xslt_templates_run_file(stylesheets, "variants-index.xsl", doc, &fo, &length, err);
    xslt_templates_free(stylesheets);
    xmlFreeDoc(doc);
    char *name = g_build_filename(templates, "variants-index.xsl output", NULL);
    pliego_fo_document *document =
        ok ? pliego_fo_document_load_memory((const char *)fo, (size_t)length, name, NULL,
                                            NULL, err)
           : NULL;
    char *index = g_build_filename(out_dir, "index.pdf", NULL);
    ok = document && (!real || pliego_fo_document_allow_images(document, real, err)) &&
         pliego_fo_document_write_pdf(document, index, err);
    pliego_fo_document_free(document);
    xmlFree(fo);
    g_free(name);
    g_free(index);
    free(real);
    return ok;
}

static int run(const catalog *cat, const catalog_customer *sample, catalog_doc_kind kind,
               guint32 on, GArray *variants, const char *catalog_folder)
{
    pliego_error err = {0};
    /* one CSV row per variant, ids naming the files */
    cli_variant *list = g_new0(cli_variant, variants->len);
    for (guint i = 0; i < variants->len; i++)
        list[i] = g_array_index(variants, variant, i).v;
    char *csv = cli_variants_csv(sample, list, (int)variants->len);
    g_free(list);
    char *csv_path = g_build_filename(out_dir, "variants.csv", NULL);
    char *manifest = g_build_filename(out_dir, "manifest.csv", NULL);
    char *templates = cli_locate_templates(templates_dir, catalog_folder);
    int status = EXIT_OUTPUT;
    catalog_customer_set *set = NULL;
    GPtrArray *groups = NULL;
    if (g_mkdir_with_parents(out_dir, 0777) != 0) {
        pliego_error_set(&err, PLIEGO_ERROR_IO, out_dir, 0, 0,
                         "cannot create the output folder");
        input_error(&err);
        goto done;
    }
    if (!pliego_write_file(csv_path, csv, strlen(csv), &err)) {
        input_error(&err);
        goto done;
    }
    set = catalog_customer_set_load_memory(csv, strlen(csv), csv_path, true, &err);
    if (!set) {
        status = input_error(&err);
        goto done;
    }
    batch_options options = {
        .customers_path = csv_path, .kind = kind, .out_dir = out_dir,
        .catalog_dir = catalog_folder, .templates_dir = templates, .on = on,
        .jobs = jobs > 0 ? jobs : (int)g_get_num_processors(), .shard = 0,
        .shard_count = 1, .manifest_path = manifest, .timeout = 60, .progress = !quiet,
        .thumbnail_dpi = dpi, .pdf_standards = pdf_standards,
    };
    int rendered = cli_run_batch(&options);
    if (rendered == BATCH_EXIT_BATCH) {
        status = EXIT_INPUT;
        goto done;
    }
    bool all = rendered == BATCH_EXIT_OK;
    if (!read_manifest(manifest, variants, &err)) {
        input_error(&err);
        goto done;
    }
    all = read_documents(cat, set, kind, on, variants, csv_path) && all;
    groups = make_groups(variants);
    char *json = variants_json(variants, groups, catalog_doc_kind_name(kind), on);
    char *json_path = g_build_filename(out_dir, "variants.json", NULL);
    bool ok = pliego_write_file(json_path, json, strlen(json), &err) &&
              write_index(variants, groups, catalog_doc_kind_name(kind), templates,
                          catalog_folder, &err);
    g_free(json_path);
    g_free(json);
    if (!ok) {
        pliego_error_print(&err, stderr);
        status = err.code == PLIEGO_ERROR_IO || err.code == PLIEGO_ERROR_RENDER ? EXIT_OUTPUT
                                                                                : EXIT_INPUT;
        goto done;
    }
    if (!quiet)
        fprintf(stderr, "pliego variants: %u variants in %u groups; %s/index.pdf\n",
                variants->len, groups->len, out_dir);
    status = all ? 0 : 1;
done:
    free_groups(groups);
    catalog_customer_set_free(set);
    g_free(csv);
    g_free(csv_path);
    g_free(manifest);
    g_free(templates);
    return status;
}

int cli_variants(int argc, char **argv)
{
    GOptionContext *context = g_option_context_new(
        "- render every regional variant of a document, grouped for legal review");
    g_option_context_set_description(
        context,
        "Writes DIR/ID-KIND.pdf and DIR/ID-KIND.png (first page) per variant (ID is\n"
        "COUNTRY-CHANNEL-LANGUAGE), DIR/variants.csv (the rows rendered),\n"
        "DIR/manifest.csv (as pliego batch), DIR/variants.json and DIR/index.pdf.\n"
        "Running the same command again resumes.\n\n"
        "Exit status: 0 done, 1 some variants failed, 2 bad input, 3 output failure.");
    g_option_context_add_main_entries(context, variants_options, NULL);
    GError *error = NULL;
    if (!g_option_context_parse(context, &argc, &argv, &error)) {
        fprintf(stderr, "pliego variants: %s\n", error->message);
        g_error_free(error);
        g_option_context_free(context);
        return EXIT_USAGE;
    }
    g_option_context_free(context);
    catalog_doc_kind kind;
    guint32 on = 0;
    if (argc > 1)
        return usage_error("unexpected argument; see pliego variants --help");
    if (!doc_kind || !catalog_doc_kind_parse(doc_kind, &kind))
        return usage_error("--doc must be service-description, cancellation-notice or "
                           "transfer-notice");
    if (!out_dir)
        return usage_error("no output folder: give --out DIR");
    if (on_date && !catalog_parse_date(on_date, &on))
        return usage_error("--on must be a date such as 2026-11-25");
    if (jobs < 0 || jobs > 256)
        return usage_error("-j must be between 1 and 256");
    if (!(dpi >= 1 && dpi <= 600))
        return usage_error("--dpi must be between 1 and 600");
    if (row < 0)
        return usage_error("--row must be 1 or more");
    pliego_error standard_error = {0};
    if (pdf_standard &&
        !pliego_pdf_standards_parse(pdf_standard, &pdf_standards, &standard_error))
    {
        fprintf(stderr, "pliego variants: --pdf-standard: %s\n", standard_error.message);
        return EXIT_USAGE;
    }
    if (!on)
        on = catalog_today();
    pliego_error err = {0};
    const char *catalog_folder = cli_find_catalog(catalog_dir, &err);
    if (!catalog_folder)
        return input_error(&err);
    catalog *cat = cli_catalog_load(catalog_folder, &err);
    if (!cat)
        return input_error(&err);
    char **countries = split_option(countries_option, true);
    char **channels = split_option(channels_option, false);
    char **langs = split_option(langs_option, false);
    catalog_customer_set *sample = NULL;
    GArray *variants = NULL;
    int status = EXIT_INPUT;
    if (!check_filters(cat, countries, channels, langs, &err) ||
        !(sample = cli_sample_load(customer_path, row, &err))) {
        input_error(&err);
    } else {
        variants = enumerate(cat, countries, channels, langs);
        if (variants->len == 0)
            fprintf(stderr, "pliego variants: no variant matches: none of the countries "
                            "offers those languages\n");
        else
            status = run(cat, catalog_customer_set_get(sample, row > 0 ? (size_t)row - 1 : 0),
                         kind, on, variants, catalog_folder);
    }
    if (variants)
        free_variants(variants);
    catalog_customer_set_free(sample);
    catalog_free(cat);
    g_strfreev(countries);
    g_strfreev(channels);
    g_strfreev(langs);
    return status;
}
