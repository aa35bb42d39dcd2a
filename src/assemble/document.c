/* Builds the document XML of a job (schemas/document.rng): provenance
 * first (what went in, down to the SHA-256 of each file and clause), then
 * the parties, the order, the labels, and the clauses in outline order with
 * their markup copied and every placeholder replaced by text. Writes it
 * through a temporary file renamed into place. */
#include "assemble/job.h"

#include <libxml/xmlsave.h>
#include <string.h>

#include "pliego/pliego.h"

typedef struct {
    assemble_job *job;
    xmlDocPtr doc;
    xmlNsPtr ns;
    const catalog_clause *clause; /* the clause being copied, for messages */
    pliego_error *err;
    bool failed;
} builder;

static xmlNodePtr add(builder *b, xmlNodePtr parent, const char *name,
                      const char *text)
{
    return xmlNewTextChild(parent, b->ns, (const xmlChar *)name, (const xmlChar *)text);
}

static void set(xmlNodePtr node, const char *name, const char *value)
{
    if (value)
        xmlSetProp(node, (const xmlChar *)name, (const xmlChar *)value);
}

/* A <when> or <if>: every attribute present must list the document's value,
   except except-country, which must not list the document's country. */
static bool condition_holds(const assemble_job *job, xmlNodePtr node)
{
    const catalog_customer *c = job->customer;
    const char *fee = job->country->rules.transfer_fee;
    /* a reason only in cancellation notices, a relocation only in transfers */
    const char *reason = job->kind == CATALOG_DOC_CANCELLATION_NOTICE && c->notice_reason
                             ? c->notice_reason
                             : "";
    bool relocating = job->kind == CATALOG_DOC_TRANSFER_NOTICE && c->destination_country &&
                      strcmp(c->destination_country, job->country->code) != 0;
    /* whether a transfer's destination sells the service; "" elsewhere */
    const char *destination = job->kind != CATALOG_DOC_TRANSFER_NOTICE || !job->destination ? ""
                              : job->relocation_clause                                        ? "not-offered"
                                                                                              : "offered";
    struct {
        const char *attribute;
        const char *value;
        bool listed; /* whether the value must be listed (else must not be) */
    } tests[] = {{"region", job->region->id, true},
                 {"country", job->country->code, true},
                 {"except-country", job->country->code, false},
                 {"channel", job->customer->channel, true},
                 {"doc", catalog_doc_kind_name(job->kind), true},
                 {"transfer-fee",
                  fee && g_ascii_strtod(fee, NULL) > 0 ? "charged" : "none", true},
                 {"reason", reason, true},
                 {"relocating", relocating ? "yes" : "no", true},
                 {"terms", job->terms_url ? "url" : "clause", true},
                 {"destination", destination, true}};
    for (size_t i = 0; i < G_N_ELEMENTS(tests); i++) {
        xmlChar *list = xmlGetProp(node, (const xmlChar *)tests[i].attribute);
        if (!list)
            continue;
        char **values = g_strsplit_set((const char *)list, " \t\r\n", -1);
        bool found = catalog_list_contains((const char **)values, tests[i].value);
        g_strfreev(values);
        xmlFree(list);
        if (found != tests[i].listed)
            return false;
    }
    return true;
}

static bool fail_field(builder *b, xmlNodePtr source, const char *field)
{
    pliego_error_set(b->err, PLIEGO_ERROR_XML, b->clause->file, xmlGetLineNo(source), 0,
                     "clause %s needs field %s, which customer %s has no value for",
                     b->clause->id, field, b->job->customer->id);
    if (b->err)
        g_strlcpy(b->err->clause, b->clause->id, sizeof b->err->clause);
    b->failed = true;
    return false;
}

static void copy_inline(builder *b, xmlNodePtr source, xmlNodePtr target);

static bool named(xmlNodePtr node, const char *name)
{
    return node && node->type == XML_ELEMENT_NODE &&
           strcmp((const char *)node->name, name) == 0;
}

/* Elements whose children are blocks, not running text; a table cell or a
   list item is one when it holds paragraphs or lists rather than running
   text. */
static bool block_container(xmlNodePtr node)
{
    static const char *const names[] = {"body", "if",  "list",    "disclaimer", "table",
                                        "head", "row", "section", NULL};
    if (!node || node->type != XML_ELEMENT_NODE)
        return false;
    if (named(node, "cell") || named(node, "item")) {
        for (xmlNodePtr child = node->children; child; child = child->next)
            if (named(child, "p") || named(child, "list"))
                return true;
        return false;
    }
    return catalog_list_contains((const char **)names, (const char *)node->name);
}

static void copy_message(builder *b, xmlNodePtr source, xmlNodePtr target)
{
    xmlChar *args = xmlGetProp(source, (const xmlChar *)"args");
    char **names = g_strsplit_set((const char *)args, " \t\r\n", -1);
    xmlFree(args);
    double values[4] = {0, 0, 0, 0};
    int count = 0;
    for (char **name = names; *name && !b->failed; name++) {
        if (!**name)
            continue;
        const double *value = g_hash_table_lookup(b->job->numbers, *name);
        if (!value || count == 4)
            fail_field(b, source, *name);
        else
            values[count++] = *value;
    }
    g_strfreev(names);
    if (b->failed)
        return;
    /* plural rules belong to the language the sentence is written in: a
       fallback English sentence takes English rules, not the reader's */
    const char *locale = strcmp(b->clause->lang, b->job->chain[0]) == 0
                             ? b->job->format_locale
                             : b->clause->lang;
    xmlChar *pattern = xmlNodeGetContent(source);
    char *text = assemble_format_message(locale, (const char *)pattern,
                                         values, count, b->err);
    xmlFree(pattern);
    if (!text) {
        b->err->line = xmlGetLineNo(source);
        g_strlcpy(b->err->file, b->clause->file, sizeof b->err->file);
        g_strlcpy(b->err->clause, b->clause->id, sizeof b->err->clause);
        b->failed = true;
        return;
    }
    xmlAddChild(target, xmlNewText((const xmlChar *)text));
    g_free(text);
}

static void copy_node(builder *b, xmlNodePtr node, xmlNodePtr target)
{
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
        /* Indentation between blocks is the file's layout, not content;
           dropping it lets the output be indented the same way every time. */
        if (block_container(node->parent) && xmlIsBlankNode(node))
            return;
        xmlAddChild(target, xmlNewText(node->content));
        return;
    }
    if (node->type != XML_ELEMENT_NODE)
        return;
    const char *name = (const char *)node->name;
    if (strcmp(name, "if") == 0) {
        if (condition_holds(b->job, node))
            copy_inline(b, node, target);
        return;
    }
    if (strcmp(name, "field") == 0) {
        xmlChar *field = xmlGetProp(node, (const xmlChar *)"name");
        const char *text = g_hash_table_lookup(b->job->texts, (const char *)field);
        if (!text)
            fail_field(b, node, (const char *)field);
        else
            /* the value becomes a text node: markup in customer data stays text */
            set(add(b, target, "value", text), "field", (const char *)field);
        xmlFree(field);
        return;
    }
    if (strcmp(name, "message") == 0) {
        copy_message(b, node, target);
        return;
    }
    xmlNodePtr copy = xmlNewChild(target, b->ns, node->name, NULL);
    if (strcmp(name, "link") == 0) {
        xmlChar *href = xmlGetProp(node, (const xmlChar *)"href");
        size_t length = strlen((const char *)href);
        if (length > 2 && href[0] == '{' && href[length - 1] == '}') {
            char *field = g_strndup((const char *)href + 1, length - 2);
            const char *text = g_hash_table_lookup(b->job->texts, field);
            if (!text)
                fail_field(b, node, field);
            set(copy, "href", text);
            g_free(field);
        } else {
            set(copy, "href", (const char *)href);
        }
        xmlFree(href);
    } else {
        /* the other attributes (table-ref and data-table ref, list style,
           table id) are copied as they are */
        for (xmlAttrPtr attribute = node->properties; attribute;
             attribute = attribute->next) {
            xmlChar *value = xmlGetProp(node, attribute->name);
            set(copy, (const char *)attribute->name, (const char *)value);
            xmlFree(value);
        }
    }
    copy_inline(b, node, copy);
}

static void copy_inline(builder *b, xmlNodePtr source, xmlNodePtr target)
{
    for (xmlNodePtr node = source->children; node && !b->failed; node = node->next)
        copy_node(b, node, target);
}

/* The clause version in force on the date in the first language of the
   chain that has one; with want_body, the first that also has a body. */
static const catalog_clause *resolve(const assemble_job *job, const char *id,
                                     bool want_body)
{
    for (char **lang = job->chain; *lang; lang++) {
        const catalog_clause *clause = catalog_library_clause(
            catalog_find_library(job->cat, *lang), id, job->date);
        if (clause && (!want_body || clause->body))
            return clause;
    }
    return NULL;
}

static void add_clause(builder *b, xmlNodePtr parent, const char *id,
                       const char *group, int line)
{
    assemble_job *job = b->job;
    const catalog_clause *title = resolve(job, id, false);
    if (!title) {
        char date[11];
        assemble_iso_date(job->date, date);
        pliego_error_set(b->err, PLIEGO_ERROR_XML, job->cat->outline_file, line, 0,
                         "no version of clause %s is in force on %s in %s or its "
                         "fallbacks",
                         id, date, job->requested_lang);
        if (b->err)
            g_strlcpy(b->err->clause, id, sizeof b->err->clause);
        b->failed = true;
        return;
    }
    /* Conditions are the same in every language; the clause found decides. */
    if (title->when && !condition_holds(job, title->when))
        return;
    const catalog_clause *body = title->body ? title : resolve(job, id, true);
    xmlNodePtr clause = add(b, parent, "clause", NULL);
    set(clause, "id", id);
    set(clause, "group", group);
    char version[16];
    g_snprintf(version, sizeof version, "%d", title->version);
    set(clause, "version", version);
    set(clause, "lang", title->lang);
    bool fallback = strcmp(title->lang, job->chain[0]) != 0 ||
                    (body && strcmp(body->lang, job->chain[0]) != 0);
    set(clause, "fallback", fallback ? "true" : "false");
    set(clause, "sha256", title->sha256);
    if (body && body != title) {
        g_snprintf(version, sizeof version, "%d", body->version);
        set(clause, "body-lang", body->lang);
        set(clause, "body-version", version);
        set(clause, "body-sha256", body->sha256);
    }
    b->clause = title;
    xmlNodePtr heading = add(b, clause, "title", NULL);
    copy_inline(b, title->title, heading);
    if (body && !b->failed) {
        b->clause = body;
        copy_inline(b, body->body, clause);
    }
}

static void add_provenance(builder *b, xmlNodePtr root)
{
    assemble_job *job = b->job;
    xmlNodePtr provenance = add(b, root, "provenance", NULL);
    xmlNodePtr generator = add(b, provenance, "generator", NULL);
    set(generator, "name", "pliego");
    set(generator, "version", pliego_version());
    xmlNodePtr context = add(b, provenance, "context", NULL);
    char date[11];
    assemble_iso_date(job->date, date);
    set(context, "kind", catalog_doc_kind_name(job->kind));
    set(context, "date", date);
    set(context, "region", job->region->id);
    set(context, "country", job->country->code);
    set(context, "channel", job->customer->channel);
    set(context, "requested-language", job->requested_lang);
    set(context, "language", job->chain[0]);
    /* the document-level step (es-MX -> es); clause-level fallbacks are on
       each clause, so a reader sees exactly which text is not in the
       language asked for */
    if (strcmp(job->requested_lang, job->chain[0]) != 0) {
        xmlNodePtr fallback = add(b, provenance, "fallback", NULL);
        set(fallback, "from", job->requested_lang);
        set(fallback, "to", job->chain[0]);
    }
    xmlNodePtr customer = add(b, provenance, "input", NULL);
    set(customer, "role", "customer");
    char *base = g_path_get_basename(job->customer_name);
    set(customer, "name", base);
    g_free(base);
    if (job->customer->row > 0) {
        char row[16];
        g_snprintf(row, sizeof row, "%d", job->customer->row);
        set(customer, "row", row);
    }
    set(customer, "sha256", catalog_customer_set_sha256(job->customers));
    for (size_t i = 0; i < job->cat->files.count; i++) {
        const catalog_file *file = job->cat->files.items[i];
        xmlNodePtr input = add(b, provenance, "input", NULL);
        set(input, "role", "catalogue");
        set(input, "name", file->relative);
        set(input, "sha256", file->sha256);
    }
    /* the commit the catalogue's repository had checked out, when it is
       in one; the hashes above remain the proof of what was read */
    if (job->cat->revision) {
        xmlNodePtr repository = add(b, provenance, "catalogue", NULL);
        set(repository, "revision", job->cat->revision);
    }
}

static const char *text(const assemble_job *job, const char *field)
{
    return g_hash_table_lookup(job->texts, field);
}

static void add_dated(builder *b, xmlNodePtr parent, const char *name, guint32 day,
                      const char *field)
{
    if (!day)
        return;
    char iso[11];
    assemble_iso_date(day, iso);
    set(add(b, parent, name, text(b->job, field)), "value", iso);
}

/* The label id in the first language of the chain that has it, or NULL;
   lang (may be NULL) receives that language. */
static const char *label_text(const assemble_job *job, const char *id, const char **lang)
{
    for (char **l = job->chain; *l; l++) {
        const catalog_label *label =
            catalog_library_label(catalog_find_library(job->cat, *l), id);
        if (label) {
            if (lang)
                *lang = *l;
            return label->text;
        }
    }
    return NULL;
}

static bool fail_icu(builder *b)
{
    b->failed = true;
    return false;
}

/* <term months="12">12 meses</term>: the label term-months is an ICU
   message formatted with the term; its plural rules are those of the
   language the label is written in, as for messages in clauses. */
static bool add_term(builder *b, xmlNodePtr order)
{
    const assemble_job *job = b->job;
    int months = job->customer->term_months;
    const char *lang = NULL;
    const char *pattern = label_text(job, "term-months", &lang);
    char *words = NULL;
    if (pattern) {
        double value = months;
        const char *locale = strcmp(lang, job->chain[0]) == 0 ? job->format_locale : lang;
        words = assemble_format_message(locale, pattern, &value, 1, b->err);
    } else {
        words = g_strdup_printf("%d", months);
    }
    if (!words)
        return fail_icu(b);
    char number[16];
    g_snprintf(number, sizeof number, "%d", months);
    set(add(b, order, "term", words), "months", number);
    g_free(words);
    return true;
}

static void set_count(xmlNodePtr node, const char *name, int value)
{
    if (value < 0)
        return;
    char number[16];
    g_snprintf(number, sizeof number, "%d", value);
    set(node, name, number);
}

/* The text of the location column of a terms-table row: the region's
   label, then the country and/or language named by CLDR, or "other
   countries" for the default of a region that also has specific rows. */
static char *location_text(builder *b, const catalog_region *region,
                           const catalog_terms_row *row, bool alone)
{
    const assemble_job *job = b->job;
    char *label_id = g_strconcat("region-", region->id, NULL);
    const char *name = label_text(job, label_id, NULL);
    g_free(label_id);
    GString *out = g_string_new(name ? name : region->name);
    char *country = row->country
                        ? assemble_format_country(job->format_locale, row->country, b->err)
                        : NULL;
    char *language = row->lang
                         ? assemble_format_language(job->format_locale, row->lang, b->err)
                         : NULL;
    if ((row->country && !country) || (row->lang && !language)) {
        g_free(country);
        g_free(language);
        g_string_free(out, TRUE);
        b->failed = true;
        return NULL;
    }
    if (country)
        g_string_append_printf(out, ": %s", country);
    if (language)
        g_string_append_printf(out, " (%s)", language);
    if (!country && !language && !alone) {
        const char *others = label_text(job, "other-countries", NULL);
        g_string_append_printf(out, ": %s", others ? others : "");
    }
    g_free(country);
    g_free(language);
    return g_string_free(out, FALSE);
}

/* text with each run of white space (the file's line breaks and
   indentation) made one space. */
static char *collapse_spaces(const char *text)
{
    GString *out = g_string_new(NULL);
    for (const char *c = text; *c; c++) {
        if (g_ascii_isspace(*c)) {
            if (!out->len || out->str[out->len - 1] != ' ')
                g_string_append_c(out, ' ');
        } else {
            g_string_append_c(out, *c);
        }
    }
    return g_string_free(out, FALSE);
}

/* One channel's cell: the URL, or the body of the clause replacing the
   terms in the document's language (with fallbacks), with its provenance.
   `pliego check` makes sure such a clause uses no customer data, and its
   `when` is not applied: the table describes every channel. */
static void add_terms_cell(builder *b, xmlNodePtr row, const char *name,
                           const catalog_channel *channel, const catalog_terms_row *key,
                           const catalog_region *region)
{
    const assemble_job *job = b->job;
    xmlNodePtr cell = add(b, row, name, NULL);
    if (!channel->replaced_by) {
        const catalog_terms *terms = catalog_channel_terms(channel, key->country, key->lang);
        if (!terms) {
            pliego_error_set(b->err, PLIEGO_ERROR_XML, region->file, channel->line, 0,
                             "region %s, channel %s: no terms for a row of the terms "
                             "table",
                             region->id, channel->kind);
            b->failed = true;
            return;
        }
        set(cell, "url", terms->url);
        if (terms->display) {
            /* the region's wording: its text and links, whitespace as in
               running text */
            xmlNodePtr p = add(b, cell, "p", NULL);
            for (xmlNodePtr part = terms->display->children; part; part = part->next) {
                if (part->type == XML_TEXT_NODE) {
                    char *text = collapse_spaces((const char *)part->content);
                    if (!part->prev)
                        g_strchug(text);
                    if (!part->next)
                        g_strchomp(text);
                    xmlAddChild(p, xmlNewText((const xmlChar *)text));
                    g_free(text);
                } else if (part->type == XML_ELEMENT_NODE) {
                    xmlChar *href = xmlGetProp(part, (const xmlChar *)"href");
                    xmlChar *text = xmlNodeGetContent(part);
                    set(add(b, p, "link", (const char *)text), "href", (const char *)href);
                    xmlFree(text);
                    xmlFree(href);
                }
            }
        }
        return;
    }
    const catalog_clause *clause = resolve(job, channel->replaced_by, true);
    if (!clause) {
        char date[11];
        assemble_iso_date(job->date, date);
        pliego_error_set(b->err, PLIEGO_ERROR_XML, region->file, channel->line, 0,
                         "no version of clause %s with a body is in force on %s",
                         channel->replaced_by, date);
        b->failed = true;
        return;
    }
    char version[16];
    g_snprintf(version, sizeof version, "%d", clause->version);
    set(cell, "clause", clause->id);
    set(cell, "version", version);
    set(cell, "lang", clause->lang);
    set(cell, "fallback", strcmp(clause->lang, job->chain[0]) != 0 ? "true" : "false");
    set(cell, "sha256", clause->sha256);
    b->clause = clause;
    copy_inline(b, clause->body, cell);
}

/* The terms of every region and channel, for the table of the service
   description (see docs/document-xml.md). */
static void add_terms_table(builder *b, xmlNodePtr root)
{
    xmlNodePtr table = add(b, root, "terms-table", NULL);
    GPtrArray *regions = catalog_regions_in_order(b->job->cat);
    for (guint r = 0; r < regions->len && !b->failed; r++) {
        const catalog_region *region = regions->pdata[r];
        if (!region->direct || !region->reseller)
            continue;
        GArray *rows = catalog_region_terms_rows(region);
        for (guint i = 0; i < rows->len && !b->failed; i++) {
            const catalog_terms_row *key = &g_array_index(rows, catalog_terms_row, i);
            xmlNodePtr row = add(b, table, "row", NULL);
            set(row, "region", region->id);
            set(row, "country", key->country);
            set(row, "lang", key->lang);
            char *location = location_text(b, region, key, rows->len == 1);
            if (!location)
                break;
            add(b, row, "location", location);
            g_free(location);
            add_terms_cell(b, row, "direct", region->direct, key, region);
            if (!b->failed)
                add_terms_cell(b, row, "reseller", region->reseller, key, region);
        }
        g_array_free(rows, TRUE);
    }
    g_ptr_array_free(regions, TRUE);
}

static void add_parties(builder *b, xmlNodePtr root)
{
    assemble_job *job = b->job;
    const catalog_customer *c = job->customer;
    add_dated(b, root, "date", job->date, CATALOG_FIELD_NAME(DOCUMENT_DATE));
    const char *year = job->cat->outlines[job->kind].copyright_year;
    if (year)
        set(add(b, root, "copyright", NULL), "year", year);
    /* the country's rules as the catalogue gives them, whether or not a
       clause prints them (the service description prints the notice
       period through a message), so that a reviewer comparing two
       documents sees every rule that differs */
    const catalog_rules *rules = &job->country->rules;
    xmlNodePtr applied = add(b, root, "rules", NULL);
    char days[16];
    g_snprintf(days, sizeof days, "%d", rules->min_notice_days);
    set(applied, "min-notice-days", days);
    set(applied, "offered", rules->offered ? "true" : "false");
    set(applied, "currency", rules->currency);
    set(applied, "transfer-fee", rules->transfer_fee);
    set(applied, "support-hours", rules->support_hours);
    set(applied, "support-zone", rules->support_zone);
    set(applied, "relocation-clause", rules->relocation_clause);
    xmlNodePtr customer = add(b, root, "customer", NULL);
    set(customer, "id", c->id);
    add(b, customer, "name", c->legal_name);
    xmlNodePtr contact = add(b, customer, "contact", c->contact_name);
    set(contact, "email", c->contact_email);
    set(contact, "phone", c->contact_phone);
    xmlNodePtr address = add(b, customer, "address", NULL);
    for (const char **line = c->address; *line; line++)
        add(b, address, "line", *line);
    set(add(b, customer, "country", text(job, CATALOG_FIELD_NAME(CUSTOMER_COUNTRY))), "code",
        job->country->code);
    add(b, root, "vendor-entity", c->vendor_entity);
    if (strcmp(c->channel, "reseller") == 0)
        add(b, root, "reseller", c->reseller);
    xmlNodePtr terms = add(b, root, "terms", NULL);
    set(terms, "url", job->terms_url);
    set(terms, "replaced-by", job->channel->replaced_by);
    if (job->channel->replaced_by && job->channel->table_only)
        set(terms, "where", "table");
    xmlNodePtr order = add(b, root, "order", NULL);
    set(order, "number", c->order_number);
    set_count(order, "term-months", c->term_months);
    set_count(order, "systems", c->systems);
    set_count(order, "licences", c->licences);
    set_count(order, "users", c->users);
    add_dated(b, order, "start", c->start_date, CATALOG_FIELD_NAME(ORDER_START));
    add_dated(b, order, "end", assemble_term_last_day(c->start_date, c->term_months),
              CATALOG_FIELD_NAME(ORDER_END));
    if (!add_term(b, order))
        return;
    set(add(b, order, "price", text(job, CATALOG_FIELD_NAME(ORDER_PRICE))), "currency",
        c->currency);
    for (size_t i = 0; i < c->products.count; i++) {
        const catalog_product *product = c->products.items[i];
        set(add(b, order, "product", product->name), "service-tag", product->service_tag);
    }
    if (job->kind == CATALOG_DOC_CANCELLATION_NOTICE) {
        xmlNodePtr notice = add(b, root, "notice", NULL);
        set(notice, "reason", c->notice_reason);
        add_dated(b, notice, "notice-date", c->notice_date,
                  CATALOG_FIELD_NAME(NOTICE_DATE));
        add_dated(b, notice, "effective-date", c->effective_date,
                  CATALOG_FIELD_NAME(NOTICE_EFFECTIVE));
    }
    if (job->kind == CATALOG_DOC_TRANSFER_NOTICE) {
        xmlNodePtr transfer = add(b, root, "transfer", NULL);
        set(transfer, "destination", c->destination_country);
        set(transfer, "offered", job->relocation_clause ? "false" : "true");
        add_dated(b, transfer, "transfer-date", c->transfer_date,
                  CATALOG_FIELD_NAME(TRANSFER_DATE));
        xmlNodePtr transferee = add(b, transfer, "transferee", NULL);
        add(b, transferee, "name", c->transferee_name);
        xmlNodePtr lines = add(b, transferee, "address", NULL);
        for (const char **line = c->transferee_address; *line; line++)
            add(b, lines, "line", *line);
        /* the destination's name in the document's language, the products
           that move, and the fee only where one is charged */
        set(add(b, transfer, "destination",
                text(job, CATALOG_FIELD_NAME(TRANSFER_DESTINATION))),
            "code", c->destination_country);
        for (const char **tag = c->transfer_products; tag && *tag; tag++) {
            const char *name = *tag;
            for (size_t i = 0; i < c->products.count; i++) {
                const catalog_product *product = c->products.items[i];
                if (strcmp(product->service_tag, *tag) == 0)
                    name = product->name;
            }
            set(add(b, transfer, "product", name), "service-tag", *tag);
        }
        const char *fee = job->country->rules.transfer_fee;
        if (fee && g_ascii_strtod(fee, NULL) > 0)
            add(b, transfer, "fee", text(job, CATALOG_FIELD_NAME(TRANSFER_FEE)));
    }
    if (job->kind == CATALOG_DOC_SERVICE_DESCRIPTION) {
        add_terms_table(b, root);
        if (b->failed)
            return;
    }
    xmlNodePtr labels = add(b, root, "labels", NULL);
    for (size_t i = 0; i < job->cat->label_ids.count; i++) {
        const catalog_outline_entry *entry = job->cat->label_ids.items[i];
        const catalog_label *label = NULL;
        for (char **lang = job->chain; *lang && !label; lang++)
            label = catalog_library_label(catalog_find_library(job->cat, *lang), entry->ref);
        /* a label that is an ICU message is formatted where it is used */
        if (label && !catalog_label_is_message(entry->ref))
            set(add(b, labels, "label", label->text), "id", entry->ref);
    }
}

xmlDocPtr assemble_job_build(assemble_job *job, pliego_error *err)
{
    builder b = {.job = job, .err = err};
    b.doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr root = xmlNewNode(NULL, (const xmlChar *)"document");
    b.ns = xmlNewNs(root, (const xmlChar *)ASSEMBLE_NAMESPACE, NULL);
    xmlSetNs(root, b.ns);
    xmlDocSetRootElement(b.doc, root);
    set(root, "kind", catalog_doc_kind_name(job->kind));
    set(root, "lang", job->requested_lang);
    add_provenance(&b, root);
    add_parties(&b, root);
    xmlNodePtr body = add(&b, root, "body", NULL);
    const catalog_outline *outline = &job->cat->outlines[job->kind];
    for (size_t i = 0; i < outline->entries.count && !b.failed; i++) {
        const catalog_outline_entry *entry = outline->entries.items[i];
        const char *id = entry->ref;
        if (entry->role && strcmp(entry->role, "terms") == 0 && job->channel->replaced_by &&
            !job->channel->table_only)
            id = job->channel->replaced_by;
        if (entry->role && strcmp(entry->role, "relocation") == 0) {
            if (!job->relocation_clause)
                continue;
            id = job->relocation_clause;
        }
        add_clause(&b, body, id, entry->group, entry->line);
    }
    if (!b.failed && !catalog_validate_document(b.doc, CATALOG_SCHEMA_DOCUMENT,
                                                "document XML", err))
        b.failed = true;
    if (b.failed) {
        xmlFreeDoc(b.doc);
        return NULL;
    }
    return b.doc;
}
