/* Customer records from XML (validated against schemas/customer.rng), the
 * record set that owns them, and the checks every document needs. CSV rows
 * are read in customer_csv.c into the same records. */
#include "catalog/customer.h"
#include "catalog/customer_private.h"

#include <libxml/parser.h>
#include <unicode/ucurr.h>
#include <unicode/uenum.h>
#include <unicode/ustring.h>
#include <stdarg.h>
#include <string.h>

static const char *const field_columns[CUSTOMER_FIELD_COUNT] = {
    "customer_id", "legal_name", "contact_name", "contact_email",
    "contact_phone", "address", "country", "language", "channel", "reseller",
    "vendor_entity", "products", "order_number", "start_date", "term_months",
    "systems", "licences", "users", "price", "currency", "notice_date",
    "notice_reason", "effective_date", "transfer_date", "transferee_name",
    "transferee_address", "transfer_products", "original_purchaser",
    "destination_country"};

/* Where each field is in the XML form, for messages about XML files. */
static const char *const field_paths[CUSTOMER_FIELD_COUNT] = {
    "customer/@id", "legal-name", "contact/@name", "contact/@email",
    "contact/@phone", "address", "country", "language", "channel/@kind",
    "channel/@reseller", "vendor-entity", "products", "order/@number",
    "order/@start", "order/@term-months", "order/@systems", "order/@licences",
    "order/@users", "order/@price", "order/@currency", "notice/@date",
    "notice/@reason", "notice/@effective", "transfer/@date",
    "transfer/transferee/@name", "transfer/transferee/address",
    "transfer/product", "transfer/@original-purchaser",
    "transfer/@destination"};

const char *catalog_customer_field_column(catalog_customer_field field)
{
    return (unsigned)field < CUSTOMER_FIELD_COUNT ? field_columns[field] : NULL;
}

bool catalog_customer_error(const catalog_customer *customer,
                            catalog_customer_field field, pliego_error *err,
                            const char *format, ...)
{
    char message[400];
    va_list args;
    va_start(args, format);
    vsnprintf(message, sizeof message, format, args);
    va_end(args);
    if (!customer->file[0])
        /* a record built from values: the field is its only place */
        pliego_error_set(err, PLIEGO_ERROR_XML, "", 0, 0, "%s", message);
    else if (customer->row > 0)
        pliego_error_set(err, PLIEGO_ERROR_XML, customer->file, 0, 0,
                         "row %d, column %s: %s", customer->row,
                         field_columns[field], message);
    else
        pliego_error_set(err, PLIEGO_ERROR_XML, customer->file,
                         customer->lines[field] > 0 ? customer->lines[field]
                                                    : customer->lines[CUSTOMER_FIELD_ID],
                         0, "field %s: %s", field_paths[field], message);
    if (err) {
        err->kind = PLIEGO_ERROR_KIND_CUSTOMER;
        g_strlcpy(err->field, field_columns[field], sizeof err->field);
        err->row = customer->file[0] ? customer->row : 0;
    }
    return false;
}

catalog_customer *customer_new(catalog_customer_set *set)
{
    catalog_customer *customer = pliego_arena_alloc(set->arena, sizeof *customer);
    customer->file = set->name;
    customer->term_months = customer->systems = customer->licences =
        customer->users = customer->original_purchaser = -1;
    catalog_list_push(set->arena, &set->records, customer);
    return customer;
}

catalog_customer_set *customer_set_new(const char *name, const char *data,
                                       size_t length)
{
    catalog_customer_set *set = g_new0(catalog_customer_set, 1);
    set->arena = pliego_arena_new();
    set->name = pliego_arena_strndup(set->arena, name, -1);
    catalog_sha256(data, length, set->sha256);
    return set;
}

void catalog_customer_set_free(catalog_customer_set *set)
{
    if (!set)
        return;
    pliego_arena_free(set->arena);
    g_free(set);
}

size_t catalog_customer_set_count(const catalog_customer_set *set)
{
    return set->records.count;
}

const catalog_customer *catalog_customer_set_get(const catalog_customer_set *set,
                                                 size_t index)
{
    return index < set->records.count ? set->records.items[index] : NULL;
}

const char *catalog_customer_set_sha256(const catalog_customer_set *set)
{
    return set->sha256;
}

/* XML ------------------------------------------------------------------- */

static bool is_element(xmlNodePtr node, const char *name)
{
    return node && node->type == XML_ELEMENT_NODE &&
           strcmp((const char *)node->name, name) == 0;
}

static xmlNodePtr child_element(xmlNodePtr node, const char *name)
{
    for (xmlNodePtr child = node ? node->children : NULL; child; child = child->next)
        if (is_element(child, name))
            return child;
    return NULL;
}

static const char *text_of(pliego_arena *arena, xmlNodePtr node)
{
    if (!node)
        return NULL;
    xmlChar *text = xmlNodeGetContent(node);
    char *copy = pliego_arena_strndup(arena, (const char *)text, -1);
    xmlFree(text);
    return *copy ? customer_balance_bidi(arena, copy) : NULL;
}

static const char *attribute(pliego_arena *arena, xmlNodePtr node, const char *name)
{
    return customer_balance_bidi(arena, catalog_attribute(arena, node, name));
}

static const char **address_lines(pliego_arena *arena, xmlNodePtr address)
{
    size_t count = 0;
    for (xmlNodePtr line = address ? address->children : NULL; line; line = line->next)
        if (is_element(line, "line"))
            count++;
    const char **lines = pliego_arena_alloc(arena, (count + 1) * sizeof *lines);
    size_t i = 0;
    for (xmlNodePtr line = address ? address->children : NULL; line; line = line->next)
        if (is_element(line, "line"))
            lines[i++] = text_of(arena, line) ? text_of(arena, line) : "";
    return lines;
}

static int number(pliego_arena *arena, xmlNodePtr node, const char *name)
{
    const char *text = node ? attribute(arena, node, name) : NULL;
    return text ? atoi(text) : -1;
}

static guint32 date_attribute(pliego_arena *arena, xmlNodePtr node, const char *name)
{
    guint32 day = 0;
    const char *text = node ? attribute(arena, node, name) : NULL;
    if (text)
        catalog_parse_date(text, &day);
    return day;
}

static void read_xml(catalog_customer_set *set, xmlNodePtr root)
{
    pliego_arena *arena = set->arena;
    catalog_customer *c = customer_new(set);
    c->id = attribute(arena, root, "id");
    c->lines[CUSTOMER_FIELD_ID] = xmlGetLineNo(root);
    xmlNodePtr node;
    node = child_element(root, "legal-name");
    c->legal_name = text_of(arena, node);
    c->lines[CUSTOMER_FIELD_LEGAL_NAME] = node ? xmlGetLineNo(node) : 0;
    node = child_element(root, "contact");
    c->contact_name = attribute(arena, node, "name");
    c->contact_email = attribute(arena, node, "email");
    c->contact_phone = attribute(arena, node, "phone");
    c->lines[CUSTOMER_FIELD_CONTACT_NAME] = c->lines[CUSTOMER_FIELD_CONTACT_EMAIL] =
        c->lines[CUSTOMER_FIELD_CONTACT_PHONE] = xmlGetLineNo(node);
    node = child_element(root, "address");
    c->address = address_lines(arena, node);
    c->lines[CUSTOMER_FIELD_ADDRESS] = xmlGetLineNo(node);
    node = child_element(root, "country");
    c->country = text_of(arena, node);
    c->lines[CUSTOMER_FIELD_COUNTRY] = xmlGetLineNo(node);
    node = child_element(root, "language");
    c->language = text_of(arena, node);
    c->lines[CUSTOMER_FIELD_LANGUAGE] = node ? xmlGetLineNo(node) : 0;
    node = child_element(root, "channel");
    c->channel = attribute(arena, node, "kind");
    c->reseller = attribute(arena, node, "reseller");
    c->lines[CUSTOMER_FIELD_CHANNEL] = c->lines[CUSTOMER_FIELD_RESELLER] =
        xmlGetLineNo(node);
    node = child_element(root, "vendor-entity");
    c->vendor_entity = text_of(arena, node);
    c->lines[CUSTOMER_FIELD_VENDOR_ENTITY] = xmlGetLineNo(node);
    node = child_element(root, "products");
    c->lines[CUSTOMER_FIELD_PRODUCTS] = xmlGetLineNo(node);
    for (xmlNodePtr p = node->children; p; p = p->next)
        if (is_element(p, "product")) {
            catalog_product *product = pliego_arena_alloc(arena, sizeof *product);
            product->service_tag = attribute(arena, p, "service-tag");
            product->name = text_of(arena, p);
            catalog_list_push(arena, &c->products, product);
        }
    node = child_element(root, "order");
    c->order_number = attribute(arena, node, "number");
    c->start_date = date_attribute(arena, node, "start");
    c->term_months = number(arena, node, "term-months");
    c->systems = number(arena, node, "systems");
    c->licences = number(arena, node, "licences");
    c->users = number(arena, node, "users");
    c->price = attribute(arena, node, "price");
    c->currency = attribute(arena, node, "currency");
    for (int f = CUSTOMER_FIELD_ORDER_NUMBER; f <= CUSTOMER_FIELD_CURRENCY; f++)
        c->lines[f] = xmlGetLineNo(node);
    node = child_element(root, "notice");
    if (node) {
        c->notice_date = date_attribute(arena, node, "date");
        c->notice_reason = attribute(arena, node, "reason");
        c->effective_date = date_attribute(arena, node, "effective");
        for (int f = CUSTOMER_FIELD_NOTICE_DATE; f <= CUSTOMER_FIELD_EFFECTIVE_DATE; f++)
            c->lines[f] = xmlGetLineNo(node);
    }
    node = child_element(root, "transfer");
    if (node) {
        c->transfer_date = date_attribute(arena, node, "date");
        c->destination_country = attribute(arena, node, "destination");
        const char *original = attribute(arena, node, "original-purchaser");
        c->original_purchaser =
            original && (strcmp(original, "true") == 0 || strcmp(original, "1") == 0);
        xmlNodePtr transferee = child_element(node, "transferee");
        c->transferee_name = attribute(arena, transferee, "name");
        c->transferee_address = address_lines(arena, child_element(transferee, "address"));
        size_t count = 0;
        for (xmlNodePtr p = node->children; p; p = p->next)
            count += is_element(p, "product");
        c->transfer_products = pliego_arena_alloc(arena, (count + 1) * sizeof(char *));
        size_t i = 0;
        for (xmlNodePtr p = node->children; p; p = p->next)
            if (is_element(p, "product"))
                c->transfer_products[i++] = attribute(arena, p, "service-tag");
        for (int f = CUSTOMER_FIELD_TRANSFER_DATE; f <= CUSTOMER_FIELD_DESTINATION_COUNTRY; f++)
            c->lines[f] = xmlGetLineNo(node);
    }
}

static catalog_customer_set *load_xml(const char *data, size_t length,
                                      const char *name, pliego_error *err)
{
    xmlDocPtr doc = catalog_parse_validated(data, length, name,
                                            CATALOG_SCHEMA_CUSTOMER, NULL, NULL, err);
    if (!doc)
        return NULL;
    catalog_customer_set *set = customer_set_new(name, data, length);
    read_xml(set, xmlDocGetRootElement(doc));
    xmlFreeDoc(doc);
    return set;
}

catalog_customer_set *catalog_customer_set_load(const char *path, pliego_error *err)
{
    char *data;
    size_t length;
    if (!catalog_read_file(path, &data, &length, err))
        return NULL;
    char *lower = g_ascii_strdown(path, -1);
    bool is_csv = g_str_has_suffix(lower, ".csv");
    g_free(lower);
    catalog_customer_set *set =
        catalog_customer_set_load_memory(data, length, path, is_csv, err);
    g_free(data);
    return set;
}

catalog_customer_set *catalog_customer_set_load_memory(const char *data,
                                                       size_t length,
                                                       const char *name,
                                                       bool is_csv,
                                                       pliego_error *err)
{
    return is_csv ? customer_csv_load(data, length, name, err)
                  : load_xml(data, length, name, err);
}

/* Months a term may run: what schemas/customer.rng allows in XML. */
#define MAX_TERM_MONTHS 120
/* Digits an amount may have: far beyond any price, and short enough that
   a mistake (an account number pasted in the price column) is caught. */
#define MAX_AMOUNT_DIGITS 40

/* True when code is a currency of ISO 4217 in use today, as ICU lists
   them (common and not deprecated: EUR, USD, JPY..., not XXX or XTS). */
static bool iso_currency(const char *code)
{
    UErrorCode status = U_ZERO_ERROR;
    UEnumeration *all = ucurr_openISOCurrencies(UCURR_COMMON | UCURR_NON_DEPRECATED,
                                                &status);
    bool found = false;
    const char *next;
    while (U_SUCCESS(status) && !found && (next = uenum_next(all, NULL, &status)))
        found = strcmp(next, code) == 0;
    uenum_close(all);
    return found;
}

static bool check_currency(const catalog_customer *c, pliego_error *err)
{
    const char *code = c->currency;
    bool shape = strlen(code) == 3;
    for (const char *p = code; *p && shape; p++)
        shape = *p >= 'A' && *p <= 'Z';
    if (!shape)
        return catalog_customer_error(c, CUSTOMER_FIELD_CURRENCY, err,
                                      "\"%s\" is not a currency code: the rule is an "
                                      "ISO 4217 code of three capital letters, such as "
                                      "EUR or USD", code);
    if (!iso_currency(code))
        return catalog_customer_error(c, CUSTOMER_FIELD_CURRENCY, err,
                                      "\"%s\" is not a currency in use in ISO 4217 "
                                      "(such as EUR, USD or MXN)", code);
    return true;
}

/* Amounts stay decimal text from the record to ICU, which formats them
   exactly: no digit is lost to a double. */
static bool check_price(const catalog_customer *c, pliego_error *err)
{
    const char *text = c->price;
    int digits = 0, decimals = -1;
    for (const char *p = text; *p; p++) {
        if (g_ascii_isdigit(*p)) {
            digits++;
            if (decimals >= 0)
                decimals++;
        } else if (*p == '.' && decimals < 0) {
            decimals = 0;
        } else {
            return catalog_customer_error(c, CUSTOMER_FIELD_PRICE, err,
                                          "\"%s\" is not an amount: the rule is digits "
                                          "with at most one point, such as 1200.50",
                                          text);
        }
    }
    if (digits == 0)
        return catalog_customer_error(c, CUSTOMER_FIELD_PRICE, err,
                                      "\"%s\" is not an amount: it has no digits", text);
    if (digits > MAX_AMOUNT_DIGITS)
        return catalog_customer_error(c, CUSTOMER_FIELD_PRICE, err,
                                      "an amount of %d digits: the rule is at most %d",
                                      digits, MAX_AMOUNT_DIGITS);
    /* trailing zeros change nothing: 12000.00 is a whole number of pesos */
    for (const char *p = text + strlen(text) - 1; decimals > 0 && *p == '0'; p--)
        decimals--;
    UChar code[4];
    u_charsToUChars(c->currency, code, 4);
    UErrorCode status = U_ZERO_ERROR;
    int32_t allowed = ucurr_getDefaultFractionDigits(code, &status);
    if (U_SUCCESS(status) && decimals > allowed)
        return catalog_customer_error(c, CUSTOMER_FIELD_PRICE, err,
                                      "\"%s\" has %d decimal places; %s amounts have "
                                      "at most %d (ISO 4217)", text, decimals, c->currency, allowed);
    return true;
}

/* Required of every record, whatever the document. */
bool catalog_customer_check(const catalog_customer *c, pliego_error *err)
{
    struct {
        catalog_customer_field field;
        bool present;
    } required[] = {
        {CUSTOMER_FIELD_ID, c->id != NULL},
        {CUSTOMER_FIELD_LEGAL_NAME, c->legal_name != NULL},
        {CUSTOMER_FIELD_CONTACT_NAME, c->contact_name != NULL},
        {CUSTOMER_FIELD_ADDRESS, c->address && c->address[0]},
        {CUSTOMER_FIELD_COUNTRY, c->country != NULL},
        {CUSTOMER_FIELD_CHANNEL, c->channel != NULL},
        {CUSTOMER_FIELD_VENDOR_ENTITY, c->vendor_entity != NULL},
        {CUSTOMER_FIELD_PRODUCTS, c->products.count > 0},
        {CUSTOMER_FIELD_ORDER_NUMBER, c->order_number != NULL},
        {CUSTOMER_FIELD_START_DATE, c->start_date != 0},
        {CUSTOMER_FIELD_TERM_MONTHS, c->term_months >= 0},
        {CUSTOMER_FIELD_PRICE, c->price != NULL},
        {CUSTOMER_FIELD_CURRENCY, c->currency != NULL},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(required); i++)
        if (!required[i].present)
            return catalog_customer_error(c, required[i].field, err,
                                          "missing required field");
    if (strcmp(c->channel, "direct") != 0 && strcmp(c->channel, "reseller") != 0)
        return catalog_customer_error(c, CUSTOMER_FIELD_CHANNEL, err,
                                      "\"%s\" is not a channel (direct or reseller)",
                                      c->channel);
    if (strcmp(c->channel, "reseller") == 0 && !c->reseller)
        return catalog_customer_error(c, CUSTOMER_FIELD_RESELLER, err,
                                      "missing required field: the reseller "
                                      "channel needs the reseller's name");
    if (c->term_months < 1 || c->term_months > MAX_TERM_MONTHS)
        return catalog_customer_error(c, CUSTOMER_FIELD_TERM_MONTHS, err,
                                      "%d months is not a term: the rule is 1 to %d months",
                                      c->term_months, MAX_TERM_MONTHS);
    return check_currency(c, err) && check_price(c, err);
}
