/* The assembly stage: one customer record + the catalogue -> document XML.
 *
 * Takes a loaded catalogue, a customer record and a request (kind of
 * document, language, date), checks the business rules, picks the region,
 * the channel's terms, the language with its fallbacks and the clause
 * versions in force, fills placeholders as text, formats dates, numbers and
 * money with ICU, and builds the document XML (schemas/document.rng) with
 * its provenance. An assemble_job borrows the catalogue and the record and
 * owns the values it computed; the document it builds belongs to the
 * caller. Callers outside libpliego's contract stage go through
 * include/pliego/contract.h (pliego_document_assemble).
 *
 * Errors name the place to fix: the catalogue file and line, or the
 * customer file with its line (XML) or row and column (CSV), and the field.
 */
#ifndef PLIEGO_ASSEMBLE_H
#define PLIEGO_ASSEMBLE_H

#include <glib.h>
#include <libxml/tree.h>
#include <stdbool.h>

#include "catalog/catalog.h"
#include "catalog/customer.h"

#define ASSEMBLE_NAMESPACE "urn:pliego:document"

typedef struct {
    const char *customer_path; /* the customer file, named in provenance and messages */
    catalog_doc_kind kind;
    const char *lang; /* BCP 47 tag, or NULL: the customer's, else the country's */
    guint32 on;       /* document date (GDate Julian day); 0: today (UTC) */
} assemble_request;

typedef struct assemble_job assemble_job;

/* Checks the request against a catalogue and a customer set already
 * loaded (the contract API's pliego_document_assemble loads the catalogue
 * once and reads a record, or one CSV row at a time): the record at index
 * (0-based) of customers. cat must have passed catalog_check. The job
 * borrows cat and customers (both must outlive it and are never changed).
 * Returns a new job (free with assemble_job_free) or NULL with err filled:
 * a missing required field, an unknown country, a language with no
 * library, or a broken business rule (cancellation too early, with the
 * earliest valid date; an unknown reason; a transfer after the term, by
 * someone who is not the original purchaser, of products the customer
 * does not have, or to an unknown country). */
assemble_job *assemble_job_new_for(const catalog *cat,
                                   const catalog_customer_set *customers,
                                   size_t index, const assemble_request *request,
                                   pliego_error *err);

void assemble_job_free(assemble_job *job);

/* The language tag the job writes in: the one asked for, else the
 * customer's, else the country's first (owned by job). */
const char *assemble_job_language(const assemble_job *job);

/* Builds the document XML and validates it against schemas/document.rng.
 * Returns a new document (caller frees with xmlFreeDoc) or NULL with err
 * filled (no clause version in force on the date, a field a clause needs
 * but the record lacks, an ICU formatting failure). */
xmlDocPtr assemble_job_build(assemble_job *job, pliego_error *err);

/* Language fallback ---------------------------------------------------- */

/* True when tag is a well-formed language tag as pliego accepts them:
 * a 2-3 letter primary language and subtags of 2-8 letters or digits. */
bool assemble_language_tag_valid(const char *tag);

/* The fallback chain of tag among the languages that have a library
 * (available, NULL-terminated): tag itself, then with its last subtag
 * removed, and so on, then "en". Only entries in available are kept, and
 * none twice. Returns a NULL-terminated array (free with g_strfreev). */
char **assemble_language_chain(const char *tag, const char *const *available);

/* Dates and business rules --------------------------------------------- */

/* day + days, and day + months (clamped to the month's end, as GDate does),
 * on GDate Julian days. */
guint32 assemble_add_days(guint32 day, int days);
guint32 assemble_add_months(guint32 day, int months);

/* The last day of a term of months (>= 0) starting on start: the day
 * before the same date months later, or that month's last day when it has
 * no such date. */
guint32 assemble_term_last_day(guint32 start, int months);

/* "YYYY-MM-DD" of day into out (11 bytes). */
void assemble_iso_date(guint32 day, char out[11]);

/* True when reason is non-payment, abusive-conduct or non-compliance. */
bool assemble_reason_valid(const char *reason);

/* day written out in English, "25 December 2026", into out. */
void assemble_english_date(guint32 day, char out[32]);

/* The cancellation rule: effective must be at least min_days after notice.
 * false with err (placed at customer's effective_date field, kind
 * PLIEGO_ERROR_KIND_RULE, rule "min-notice-days") saying in plain words
 * what country (its English name) requires and the earliest valid date,
 * written out in English. */
bool assemble_check_cancellation(const catalog_customer *customer,
                                 const char *country, int min_days,
                                 pliego_error *err);

/* ICU formatting (locale is a BCP 47 tag) -------------------------------- */

/* Each returns a new UTF-8 string (g_free) or NULL with err filled. */
char *assemble_format_date(const char *locale, guint32 day, pliego_error *err);
char *assemble_format_number(const char *locale, double value, pliego_error *err);
char *assemble_format_money(const char *locale, const char *amount,
                            const char *currency, pliego_error *err);
/* The name of country code (ISO 3166 alpha-2) in the language of locale,
 * from CLDR ("DE" in fr: "Allemagne"). */
char *assemble_format_country(const char *locale, const char *code, pliego_error *err);
/* The name of language lang (ISO 639) in the language of locale, from CLDR
   ("en" in es: "inglés"). */
char *assemble_format_language(const char *locale, const char *lang, pliego_error *err);

/* Support hours: a region's support-hours, parsed ("mon-fri 08:00-18:00":
 * days 1 = Sunday ... 7 = Saturday, minutes since midnight; or "always"). */
typedef struct {
    bool always;
    int first_day, last_day;
    int opens, closes;
} assemble_hours;

/* Fills out from spec; false when spec is neither "always" nor
 * "ddd-ddd HH:MM-HH:MM" with closes after opens. */
bool assemble_hours_parse(const char *spec, assemble_hours *out);

/* hours (not "always") as locale writes them: pattern (the library's
 * label support-hours) with {days} replaced by the weekday names, {times}
 * by the time range and {zone} by the generic name of zone (an IANA id),
 * all from ICU ("Monday – Friday, 8:00 AM – 6:00 PM (Central European
 * Time)"). Returns a new string (g_free) or NULL with err filled (a zone
 * ICU does not know, an ICU failure). */
char *assemble_format_hours(const char *locale, const char *pattern,
                            const assemble_hours *hours, const char *zone,
                            pliego_error *err);
/* Formats an ICU MessageFormat pattern with up to four numeric arguments
 * {0}..{3} (plural, select, number). */
char *assemble_format_message(const char *locale, const char *pattern,
                              const double *args, int count, pliego_error *err);

#endif
