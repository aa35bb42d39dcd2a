/* The assemble_job's layout, shared by job.c (loading and rules) and
 * document.c (building the XML). Not for other stages. */
#ifndef PLIEGO_ASSEMBLE_JOB_H
#define PLIEGO_ASSEMBLE_JOB_H

#include "assemble/assemble.h"

struct assemble_job {
    /* borrowed from the caller of assemble_job_new_for */
    catalog *cat;
    catalog_customer_set *customers;
    const catalog_customer *customer;
    const char *customer_name; /* base name of the file, for provenance */
    const catalog_country *country;
    const catalog_region *region;
    const catalog_channel *channel;
    catalog_doc_kind kind;
    guint32 date;
    char *requested_lang; /* the tag asked for (or implied) */
    /* The ICU locale that writes dates, numbers, money and names: the tag,
       with the customer's country when the tag names none ("ar" in AE:
       "ar-AE", whose digits and separators are the Emirates'), and always
       the Gregorian calendar, the calendar of the invoice and the order
       (ICU's default for ar-SA would be the Umm al-Qura calendar). */
    char *format_locale;
    char **chain;         /* languages with a library, in fallback order */
    const char *terms_url;      /* NULL when the channel replaces the terms */
    const char *relocation_clause; /* set when a transfer needs it */
    const catalog_country *destination;
    GHashTable *texts;   /* field name -> formatted text (g_free) */
    GHashTable *numbers; /* field name -> double* (g_free) */
};

/* The rules of a cancellation notice (required fields, reason, notice
 * period) and of a transfer notice (required fields, original purchaser,
 * term, products, destination; sets relocation_clause where the service is
 * not offered). false with err naming the customer field. (rules.c) */
bool assemble_job_check_cancellation(assemble_job *job, pliego_error *err);
bool assemble_job_check_transfer(assemble_job *job, pliego_error *err);

#endif
