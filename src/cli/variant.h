/* Variants of one sample customer, shared by `pliego variants` and
 * `pliego diff` (variant.c): the documented sample record, a variant's
 * checks against the catalogue (an unknown country, channel or language
 * lists the valid ones), and the customer CSV that turns the sample into
 * one row per variant, which assembly and the batch read as they read any
 * customer file.
 */
#ifndef PLIEGO_CLI_VARIANT_H
#define PLIEGO_CLI_VARIANT_H

#include <glib.h>

#include "catalog/catalog.h"
#include "catalog/customer.h"

/* One variant: the sample customer with these replaced. */
typedef struct {
    char *id;      /* CC-channel-lang, e.g. FR-reseller-fr; names its files */
    char *country; /* ISO 3166 alpha-2 */
    char *channel; /* direct or reseller */
    char *lang;    /* a language with a library */
} cli_variant;

void cli_variant_clear(cli_variant *variant);

/* The catalogue folder by the lookup order of cli/locate.h (option is
   --catalog, or NULL). The string stays valid until the process ends;
   NULL with err filled when no usable catalogue is found (bad input). */
const char *cli_find_catalog(const char *option, pliego_error *err);

/* Loads and checks the catalogue in dir. NULL with err filled by its
   first problem (file and line). */
catalog *cli_catalog_load(const char *dir, pliego_error *err);

/* The sample customer: the record in path (row for a CSV; 0: the only
   one), or the documented sample record (docs/review.md) when path is
   NULL. NULL with err filled. */
catalog_customer_set *cli_sample_load(const char *path, int row, pliego_error *err);

/* Checks a variant against cat: a known country, direct or reseller, a
   language with a library. false with err naming what is wrong and the
   valid values; where names the variant in the message. */
bool cli_variant_check(const catalog *cat, const cli_variant *variant, const char *where,
                       pliego_error *err);

/* The customer CSV of variants of sample: a header, then one row per
   variant with its id, country, channel and language (and, through a
   reseller, the sample's reseller or "Example Reseller Ltd"). g_free. */
char *cli_variants_csv(const catalog_customer *sample, const cli_variant *variants,
                       int count);

/* The customer's column values, in the order of the customer table
   (catalog_customer_field_column), as a CSV row would hold them; a
   NULL-terminated array (g_strfreev). */
char **cli_customer_values(const catalog_customer *customer);

/* The variants matrix of kind for pliego serve: every country, language
   and channel of cat as sample, grouped as pliego variants groups them
   (same clauses, versions, hashes and terms), without rendering. JSON
   {"kind", "groups": [{"id", "members": [{"country", "channel", "lang",
   "id", "spec"}], "region", "caption", "differs"}]}; g_free. NULL with err
   when the variants cannot be made into records. */
char *cli_variants_matrix_json(const catalog *cat, const catalog_customer *sample,
                               catalog_doc_kind kind, guint32 on, pliego_error *err);

/* Reads a variant spec, KEY=VALUE pairs separated by commas (country,
   channel, lang, doc), into variant (cleared by the caller) and kind
   (service-description when absent). false with err for an unknown key
   or kind or a spec without country=; channel defaults to direct. */
bool cli_variant_parse_spec(const char *text, cli_variant *variant, catalog_doc_kind *kind,
                            pliego_error *err);

#endif
