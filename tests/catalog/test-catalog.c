/* Unit tests of the catalogue and assembly helpers: language fallback
 * chains, date arithmetic and the notice-period rule, CSV edge cases
 * (RFC 4180 quoting, embedded newlines, BOM, ragged rows, invalid UTF-8)
 * and ICU formatting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "assemble/assemble.h"
#include "catalog/customer.h"

static guint32 day_of(const char *iso)
{
    guint32 day = 0;
    assert_true(catalog_parse_date(iso, &day));
    return day;
}

static void assert_date(guint32 day, const char *iso)
{
    char text[11];
    assemble_iso_date(day, text);
    assert_string_equal(text, iso);
}

static const char *const all_languages[] = {"de", "en", "es", "fr", "ja", "pt", NULL};

static void assert_chain(const char *tag, const char *const *available,
                         const char *expected)
{
    char **chain = assemble_language_chain(tag, available);
    char *joined = g_strjoinv(" ", chain);
    assert_string_equal(joined, expected);
    g_free(joined);
    g_strfreev(chain);
}

static void test_language_chain(void **state)
{
    (void)state;
    assert_chain("es-MX", all_languages, "es en");
    assert_chain("es", all_languages, "es en");
    assert_chain("en-US", all_languages, "en");
    assert_chain("pt-BR", all_languages, "pt en");
    assert_chain("zh-Hant-TW", all_languages, "en");
    static const char *const with_region[] = {"es-MX", "es", "en", NULL};
    assert_chain("es-MX", with_region, "es-MX es en");
    static const char *const no_english[] = {"es", "fr", NULL};
    assert_chain("fr-CA", no_english, "fr");
}

static void test_language_tags(void **state)
{
    (void)state;
    assert_true(assemble_language_tag_valid("es-MX"));
    assert_true(assemble_language_tag_valid("ja"));
    assert_true(assemble_language_tag_valid("zh-Hant-TW"));
    assert_false(assemble_language_tag_valid("ES"));
    assert_false(assemble_language_tag_valid("e"));
    assert_false(assemble_language_tag_valid("es-"));
    assert_false(assemble_language_tag_valid("es_MX"));
    assert_false(assemble_language_tag_valid(""));
}

static void test_dates(void **state)
{
    (void)state;
    guint32 day;
    assert_false(catalog_parse_date("2026-02-29", &day));
    assert_true(catalog_parse_date("2028-02-29", &day));
    assert_false(catalog_parse_date("2026-13-01", &day));
    assert_false(catalog_parse_date("2026-1-01", &day));
    assert_false(catalog_parse_date("26-01-01", &day));
    /* month ends and leap years */
    assert_date(assemble_add_days(day_of("2026-01-31"), 10), "2026-02-10");
    assert_date(assemble_add_days(day_of("2028-02-20"), 10), "2028-03-01");
    assert_date(assemble_add_days(day_of("2027-02-20"), 10), "2027-03-02");
    assert_date(assemble_add_days(day_of("2026-12-25"), 10), "2027-01-04");
    assert_date(assemble_add_days(day_of("2026-03-01"), -1), "2026-02-28");
    assert_date(assemble_add_months(day_of("2026-01-31"), 1), "2026-02-28");
    /* terms: the day before the same date, or the month's last day */
    assert_date(assemble_term_last_day(day_of("2026-01-15"), 12), "2027-01-14");
    assert_date(assemble_term_last_day(day_of("2026-01-31"), 1), "2026-02-28");
    assert_date(assemble_term_last_day(day_of("2028-01-31"), 1), "2028-02-29");
    assert_date(assemble_term_last_day(day_of("2028-02-29"), 12), "2029-02-28");
    assert_date(assemble_term_last_day(day_of("2026-03-31"), 1), "2026-04-30");
    assert_date(assemble_term_last_day(day_of("2026-11-30"), 3), "2027-02-28");
    assert_date(assemble_term_last_day(day_of("2026-03-01"), 0), "2026-02-28");
}

static void test_cancellation_rule(void **state)
{
    (void)state;
    catalog_customer customer = {.file = "c.csv", .row = 3};
    customer.notice_date = day_of("2026-11-25");
    pliego_error err = {0};
    customer.effective_date = day_of("2026-12-05"); /* exactly 10 days */
    assert_true(assemble_check_cancellation(&customer, "United States", 10, &err));
    customer.effective_date = day_of("2026-12-04");
    assert_false(assemble_check_cancellation(&customer, "United States", 10, &err));
    assert_non_null(strstr(err.message, "row 3, column effective_date"));
    assert_non_null(strstr(err.message, "For the United States the effective date must be "
                                        "at least 10 days after the notice date: the "
                                        "earliest is 5 December 2026."));
    assert_int_equal(err.kind, PLIEGO_ERROR_KIND_RULE);
    assert_string_equal(err.field, "effective_date");
    assert_string_equal(err.rule, "min-notice-days");
    assert_int_equal(err.row, 3);
    /* a longer minimum, across a year end */
    customer.notice_date = day_of("2026-12-20");
    customer.effective_date = day_of("2027-01-18");
    assert_false(assemble_check_cancellation(&customer, "France", 30, &err));
    assert_non_null(strstr(err.message, "For France the effective date must be at least 30 "
                                        "days after the notice date: the earliest is 19 "
                                        "January 2027."));
    customer.effective_date = day_of("2027-01-19");
    assert_true(assemble_check_cancellation(&customer, "France", 30, &err));
    assert_true(assemble_reason_valid("non-payment"));
    assert_true(assemble_reason_valid("abusive-conduct"));
    assert_true(assemble_reason_valid("non-compliance"));
    assert_false(assemble_reason_valid("Non-payment"));
    assert_false(assemble_reason_valid(NULL));
}

static catalog_customer_set *load_csv(const char *text, pliego_error *err)
{
    return catalog_customer_set_load_memory(text, strlen(text), "t.csv", true, err);
}

static void test_csv_quoting(void **state)
{
    (void)state;
    pliego_error err = {0};
    const char *text =
        "\xEF\xBB\xBF" "customer_id,legal_name,address,products\r\n"
        "C-1,\"Smith, \"\"Jones\"\" & <Co>\",\"1 High St\r\nFlat 2\nTown\","
        "\"NW-1 Support, remote\"\r\n"
        "C-2, Spaced Name ,Somewhere,NW-2 Plan\n";
    catalog_customer_set *set = load_csv(text, &err);
    assert_non_null(set);
    assert_int_equal(catalog_customer_set_count(set), 2);
    const catalog_customer *first = catalog_customer_set_get(set, 0);
    assert_string_equal(first->id, "C-1"); /* the BOM is not part of the header */
    assert_string_equal(first->legal_name, "Smith, \"Jones\" & <Co>");
    assert_string_equal(first->address[0], "1 High St");
    assert_string_equal(first->address[1], "Flat 2");
    assert_string_equal(first->address[2], "Town");
    assert_null(first->address[3]);
    const catalog_product *product = first->products.items[0];
    assert_string_equal(product->service_tag, "NW-1");
    assert_string_equal(product->name, "Support, remote");
    const catalog_customer *second = catalog_customer_set_get(set, 1);
    assert_int_equal(second->row, 2);
    assert_string_equal(second->legal_name, " Spaced Name "); /* RFC 4180 keeps spaces */
    assert_null(catalog_customer_set_get(set, 2));
    catalog_customer_set_free(set);
}

static void assert_csv_error(const char *text, const char *fragment)
{
    pliego_error err = {0};
    catalog_customer_set *set = load_csv(text, &err);
    assert_null(set);
    if (!strstr(err.message, fragment))
        fail_msg("\"%s\" lacks \"%s\"", err.message, fragment);
}

static void test_csv_errors(void **state)
{
    (void)state;
    assert_csv_error("customer_id,legal_name\nC-1,A\nC-2\n", "row 2: 1 fields where the header has 2");
    assert_csv_error("customer_id,legal_name\nC-1,A,extra\n", "row 1: 3 fields");
    assert_csv_error("customer_id,legal_name\nC-1,\"open\n", "malformed CSV");
    assert_csv_error("customer_id,legal_name\nC-1,caf\xE9\n", "invalid byte 0xE9 at offset 30");
    assert_csv_error("customer_id,name\nC-1,A\n", "unknown column \"name\"");
    assert_csv_error("customer_id,customer_id\nC-1,A\n", "appears twice");
    assert_csv_error("", "no header row");
    assert_csv_error("customer_id,legal_name\r\n", "no customer rows");
    assert_csv_error("customer_id,start_date\nC-1,2026-02-30\n", "row 1, column start_date");
    assert_csv_error("customer_id,term_months\nC-1,twelve\n", "not a whole number");
    assert_csv_error("customer_id,original_purchaser\nC-1,maybe\n", "not yes or no");
}

static void test_required_fields(void **state)
{
    (void)state;
    pliego_error err = {0};
    catalog_customer_set *set = load_csv("customer_id,legal_name\nC-1,Acme\n", &err);
    assert_non_null(set);
    assert_false(catalog_customer_check(catalog_customer_set_get(set, 0), &err));
    assert_string_equal(err.message, "row 1, column contact_name: missing required field");
    catalog_customer_set_free(set);
}

/* A complete record with the given price, currency and term: the check
   fails with a message holding fragment, or passes when fragment is NULL. */
static void assert_money_check(const char *price, const char *currency, const char *term,
                               const char *fragment)
{
    char *text = g_strdup_printf(
        "customer_id,legal_name,contact_name,address,country,channel,vendor_entity,"
        "products,order_number,start_date,term_months,price,currency\n"
        "C-1,Acme,Ann,1 Road,US,direct,NW Inc.,NW-1 Support,O-1,2026-01-01,%s,\"%s\",%s\n",
        term, price, currency);
    pliego_error err = {0};
    catalog_customer_set *set = load_csv(text, &err);
    g_free(text);
    assert_non_null(set);
    bool ok = catalog_customer_check(catalog_customer_set_get(set, 0), &err);
    catalog_customer_set_free(set);
    if (!fragment) {
        if (!ok)
            fail_msg("refused: %s", err.message);
        return;
    }
    assert_false(ok);
    if (!strstr(err.message, fragment))
        fail_msg("\"%s\" lacks \"%s\"", err.message, fragment);
}

/* The legal name a CSV row's value becomes. */
static void assert_name(const char *value, const char *expected)
{
    char *text = g_strdup_printf("customer_id,legal_name\nC-1,\"%s\"\n", value);
    pliego_error err = {0};
    catalog_customer_set *set = load_csv(text, &err);
    g_free(text);
    assert_non_null(set);
    assert_string_equal(catalog_customer_set_get(set, 0)->legal_name, expected);
    catalog_customer_set_free(set);
}

#define RLO "\xE2\x80\xAE"
#define PDF "\xE2\x80\xAC"
#define RLE "\xE2\x80\xAB"
#define RLI "\xE2\x81\xA7"
#define PDI "\xE2\x81\xA9"
#define RLM "\xE2\x80\x8F"

static void test_bidi_controls(void **state)
{
    (void)state;
    assert_name("Acme", "Acme");
    assert_name("A" RLO "cme", "Acme");                  /* an override left open */
    assert_name("A" PDF "cme" PDI, "Acme");              /* closers with nothing open */
    assert_name("A" RLO "cm" PDF "e", "A" RLO "cm" PDF "e"); /* a pair is kept */
    assert_name(RLI "x" PDI, RLI "x" PDI);
    assert_name(RLI "x" RLE "y" PDI, RLI "xy" PDI);      /* the isolate closes RLE: it goes */
    /* a PDF inside an isolate cannot close an embedding opened outside it */
    assert_name(RLE "x" RLI "y" PDF PDI, "x" RLI "y" PDI);
    assert_name(RLO "a\nb" PDF, "a\nb");                /* a line break ends a paragraph */
    assert_name(RLM "x", RLM "x");                       /* marks stay */
    assert_name(RLO RLO "x" PDF, RLO "x" PDF);            /* the outer one was left open */
}

static void test_money_and_term(void **state)
{
    (void)state;
    assert_money_check("1200.50", "USD", "12", NULL);
    assert_money_check("12000.00", "CLP", "12", NULL); /* zeros past CLP's 0 places */
    assert_money_check("12345678901234567890123456789", "EUR", "120", NULL);
    assert_money_check("1,200.00", "USD", "12", "row 1, column price: \"1,200.00\" is not an amount");
    assert_money_check("-5", "USD", "12", "is not an amount");
    assert_money_check("1.2.3", "USD", "12", "is not an amount");
    assert_money_check(".", "USD", "12", "has no digits");
    assert_money_check("12345678901234567890123456789012345678901", "USD", "12",
                       "an amount of 41 digits: the rule is at most 40");
    assert_money_check("10.001", "EUR", "12", "has 3 decimal places; EUR amounts have at most 2");
    assert_money_check("10.5", "JPY", "12", "JPY amounts have at most 0");
    assert_money_check("10", "eur", "12", "row 1, column currency: \"eur\" is not a currency code");
    assert_money_check("10", "EURO", "12", "is not a currency code");
    assert_money_check("10", "\xE2\x82\xAC", "12", "is not a currency code");
    assert_money_check("10", "XXX", "12", "\"XXX\" is not a currency in use in ISO 4217");
    assert_money_check("10", "ZZZ", "12", "is not a currency in use");
    assert_money_check("10", "USD", "0", "row 1, column term_months: 0 months is not a term: "
                                         "the rule is 1 to 120 months");
    assert_money_check("10", "USD", "121", "121 months is not a term");
    assert_money_check("10", "USD", "99999", "99999 months is not a term");
}

static void assert_formatted(char *text, const char *expected)
{
    assert_non_null(text);
    assert_string_equal(text, expected);
    g_free(text);
}

static void test_icu(void **state)
{
    (void)state;
    pliego_error err = {0};
    guint32 day = day_of("2026-11-25");
    assert_formatted(assemble_format_date("es", day, &err), "25 de noviembre de 2026");
    assert_formatted(assemble_format_date("en-US", day, &err), "November 25, 2026");
    assert_formatted(assemble_format_date("fr", day, &err), "25 novembre 2026");
    assert_formatted(assemble_format_date("de", day, &err), "25. November 2026");
    assert_formatted(assemble_format_date("ja", day, &err),
                     "2026\xE5\xB9\xB4" "11\xE6\x9C\x88" "25\xE6\x97\xA5");
    assert_formatted(assemble_format_money("en-US", "1200.5", "USD", &err), "$1,200.50");
    assert_formatted(assemble_format_money("de", "1200.5", "EUR", &err),
                     "1.200,50\xC2\xA0\xE2\x82\xAC");
    assert_formatted(assemble_format_number("fr", 12000, &err), "12\xE2\x80\xAF" "000");
    double one = 1, many = 5;
    const char *pattern = "{0, plural, one {# day} other {# days}}";
    assert_formatted(assemble_format_message("en", pattern, &one, 1, &err), "1 day");
    assert_formatted(assemble_format_message("en", pattern, &many, 1, &err), "5 days");
    assert_formatted(assemble_format_country("fr", "DE", &err), "Allemagne");
    assert_null(assemble_format_money("en", "12,00", "USD", &err));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_language_chain),
        cmocka_unit_test(test_language_tags),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_cancellation_rule),
        cmocka_unit_test(test_csv_quoting),
        cmocka_unit_test(test_csv_errors),
        cmocka_unit_test(test_required_fields),
        cmocka_unit_test(test_money_and_term),
        cmocka_unit_test(test_bidi_controls),
        cmocka_unit_test(test_icu),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
