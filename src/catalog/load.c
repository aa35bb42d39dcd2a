/* Loads a catalogue folder: regions/NAME.xml, locales/documents.xml (the
 * outline of each kind of document) and locales/LANG/NAME.xml (the clause
 * libraries). Every file is validated against its schema first; a file that
 * fails is reported and skipped, so one run reports every broken file. The
 * catalog owns what is loaded (see catalog.h). */
#include "catalog/catalog.h"

#include <libxml/parser.h>
#include <string.h>

void catalog_diagnose(catalog *cat, pliego_error_code code, const char *file,
                      int line, const char *format, ...)
{
    pliego_error *problem = pliego_arena_alloc(cat->arena, sizeof *problem);
    char message[sizeof problem->message];
    va_list args;
    va_start(args, format);
    vsnprintf(message, sizeof message, format, args);
    va_end(args);
    pliego_error_set(problem, code, file, line, 0, "%s", message);
    catalog_list_push(cat->arena, &cat->diagnostics, problem);
}

typedef struct {
    catalog *cat;
    int reported;
} report_state;

static void report_violation(const pliego_error *problem, void *user_data)
{
    report_state *state = user_data;
    pliego_error *copy = pliego_arena_alloc(state->cat->arena, sizeof *copy);
    *copy = *problem;
    catalog_list_push(state->cat->arena, &state->cat->diagnostics, copy);
    state->reported++;
}

/* Reads and validates one file, records it with its SHA-256 for provenance,
   and keeps the document alive in the catalog. NULL when it failed (the
   problem is already a diagnostic). */
static xmlDocPtr load_file(catalog *cat, const char *path, const char *relative,
                           catalog_schema_kind schema)
{
    report_state state = {cat, 0};
    pliego_error err = {0};
    xmlDocPtr doc = catalog_read_validated(path, schema, report_violation,
                                           &state, &err);
    if (!doc) {
        if (state.reported == 0) {
            pliego_error *copy = pliego_arena_alloc(cat->arena, sizeof *copy);
            *copy = err;
            catalog_list_push(cat->arena, &cat->diagnostics, copy);
        }
        return NULL;
    }
    g_ptr_array_add(cat->xml_documents, doc);
    char *contents;
    size_t length;
    catalog_file *file = pliego_arena_alloc(cat->arena, sizeof *file);
    file->path = pliego_arena_strndup(cat->arena, path, -1);
    file->relative = pliego_arena_strndup(cat->arena, relative, -1);
    if (catalog_read_file(path, &contents, &length, &err)) {
        catalog_sha256(contents, length, file->sha256);
        g_free(contents);
    }
    catalog_list_push(cat->arena, &cat->files, file);
    return doc;
}

static bool is_element(xmlNodePtr node, const char *name)
{
    return node->type == XML_ELEMENT_NODE &&
           strcmp((const char *)node->name, name) == 0;
}

static int attribute_int(catalog *cat, xmlNodePtr node, const char *name,
                         int fallback)
{
    const char *text = catalog_attribute(cat->arena, node, name);
    return text ? atoi(text) : fallback;
}

/* Lays the attributes present on node over base. */
static catalog_rules read_rules(catalog *cat, xmlNodePtr node, catalog_rules base)
{
    catalog_rules rules = base;
    rules.min_notice_days = attribute_int(cat, node, "min-notice-days",
                                          base.min_notice_days);
    const char *offered = catalog_attribute(cat->arena, node, "offered");
    if (offered)
        rules.offered = strcmp(offered, "true") == 0 || strcmp(offered, "1") == 0;
    const char *value;
    if ((value = catalog_attribute(cat->arena, node, "transfer-fee")))
        rules.transfer_fee = value;
    if ((value = catalog_attribute(cat->arena, node, "currency")))
        rules.currency = value;
    if ((value = catalog_attribute(cat->arena, node, "support-hours")))
        rules.support_hours = value;
    if ((value = catalog_attribute(cat->arena, node, "support-zone")))
        rules.support_zone = value;
    if ((value = catalog_attribute(cat->arena, node, "relocation-clause")))
        rules.relocation_clause = value;
    return rules;
}

static catalog_channel *read_channel(catalog *cat, xmlNodePtr node)
{
    catalog_channel *channel = pliego_arena_alloc(cat->arena, sizeof *channel);
    channel->kind = catalog_attribute(cat->arena, node, "kind");
    channel->line = xmlGetLineNo(node);
    for (xmlNodePtr child = node->children; child; child = child->next) {
        if (is_element(child, "terms")) {
            catalog_terms *terms = pliego_arena_alloc(cat->arena, sizeof *terms);
            terms->country = catalog_attribute(cat->arena, child, "country");
            terms->lang = catalog_attribute(cat->arena, child, "lang");
            terms->url = catalog_attribute(cat->arena, child, "url");
            /* text or links inside the entry word its table cell */
            for (xmlNodePtr part = child->children; part && !terms->display; part = part->next)
                if (part->type == XML_ELEMENT_NODE ||
                    (part->type == XML_TEXT_NODE && !xmlIsBlankNode(part)))
                    terms->display = child;
            catalog_list_push(cat->arena, &channel->terms, terms);
        } else if (is_element(child, "replaced-by")) {
            channel->replaced_by = catalog_attribute(cat->arena, child, "clause");
            const char *where = catalog_attribute(cat->arena, child, "where");
            channel->table_only = where && strcmp(where, "table") == 0;
        }
    }
    return channel;
}

static void load_region(catalog *cat, const char *path, const char *relative)
{
    xmlDocPtr doc = load_file(cat, path, relative, CATALOG_SCHEMA_REGION);
    if (!doc)
        return;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    catalog_region *region = pliego_arena_alloc(cat->arena, sizeof *region);
    region->id = catalog_attribute(cat->arena, root, "id");
    region->name = catalog_attribute(cat->arena, root, "name");
    region->file = pliego_arena_strndup(cat->arena, path, -1);
    region->line = xmlGetLineNo(root);
    region->order = attribute_int(cat, root, "order", 0);
    catalog_rules none = {.min_notice_days = 10, .offered = true};
    for (xmlNodePtr node = root->children; node; node = node->next) {
        if (is_element(node, "defaults")) {
            region->defaults = read_rules(cat, node, none);
        } else if (is_element(node, "country")) {
            catalog_country *country = pliego_arena_alloc(cat->arena, sizeof *country);
            country->code = catalog_attribute(cat->arena, node, "code");
            country->name = catalog_attribute(cat->arena, node, "name");
            country->languages = catalog_split_list(
                cat->arena, catalog_attribute(cat->arena, node, "languages"));
            country->rules = read_rules(cat, node, region->defaults);
            country->region = region;
            country->file = region->file;
            country->line = xmlGetLineNo(node);
            catalog_list_push(cat->arena, &region->countries, country);
        } else if (is_element(node, "channel")) {
            catalog_channel *channel = read_channel(cat, node);
            const catalog_channel **slot = strcmp(channel->kind, "direct") == 0
                                               ? &region->direct
                                               : &region->reseller;
            if (*slot)
                catalog_diagnose(cat, PLIEGO_ERROR_XML, path, channel->line,
                                 "region %s: channel %s is given twice",
                                 region->id, channel->kind);
            else
                *slot = channel;
        }
    }
    catalog_list_push(cat->arena, &cat->regions, region);
}

static void load_outline(catalog *cat, const char *path, const char *relative)
{
    xmlDocPtr doc = load_file(cat, path, relative, CATALOG_SCHEMA_OUTLINE);
    if (!doc)
        return;
    cat->outline_file = pliego_arena_strndup(cat->arena, path, -1);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    for (xmlNodePtr node = root->children; node; node = node->next) {
        if (is_element(node, "document")) {
            catalog_doc_kind kind;
            catalog_doc_kind_parse(catalog_attribute(cat->arena, node, "kind"), &kind);
            catalog_outline *outline = &cat->outlines[kind];
            if (outline->present) {
                catalog_diagnose(cat, PLIEGO_ERROR_XML, path, xmlGetLineNo(node),
                                 "document %s is outlined twice (first on line %d)",
                                 catalog_doc_kind_name(kind), outline->line);
                continue;
            }
            outline->present = true;
            outline->kind = kind;
            outline->line = xmlGetLineNo(node);
            outline->full = catalog_split_list(
                cat->arena, catalog_attribute(cat->arena, node, "full"));
            outline->titles = catalog_split_list(
                cat->arena, catalog_attribute(cat->arena, node, "titles"));
            outline->copyright_year = catalog_attribute(cat->arena, node, "copyright-year");
            for (xmlNodePtr child = node->children; child; child = child->next) {
                if (!is_element(child, "clause"))
                    continue;
                catalog_outline_entry *entry =
                    pliego_arena_alloc(cat->arena, sizeof *entry);
                entry->ref = catalog_attribute(cat->arena, child, "ref");
                entry->role = catalog_attribute(cat->arena, child, "role");
                entry->group = catalog_attribute(cat->arena, child, "group");
                entry->line = xmlGetLineNo(child);
                catalog_list_push(cat->arena, &outline->entries, entry);
            }
        } else if (is_element(node, "labels")) {
            for (xmlNodePtr child = node->children; child; child = child->next) {
                if (!is_element(child, "label"))
                    continue;
                catalog_outline_entry *entry =
                    pliego_arena_alloc(cat->arena, sizeof *entry);
                entry->ref = catalog_attribute(cat->arena, child, "id");
                entry->line = xmlGetLineNo(child);
                catalog_list_push(cat->arena, &cat->label_ids, entry);
            }
        }
    }
}

static xmlNodePtr first_child(xmlNodePtr node, const char *name)
{
    for (xmlNodePtr child = node->children; child; child = child->next)
        if (is_element(child, name))
            return child;
    return NULL;
}

static catalog_library *library_for(catalog *cat, const char *lang)
{
    catalog_library *library = (catalog_library *)catalog_find_library(cat, lang);
    if (!library) {
        library = pliego_arena_alloc(cat->arena, sizeof *library);
        library->lang = pliego_arena_strndup(cat->arena, lang, -1);
        catalog_list_push(cat->arena, &cat->libraries, library);
    }
    return library;
}

static void load_clauses(catalog *cat, const char *lang, const char *path,
                         const char *relative)
{
    xmlDocPtr doc = load_file(cat, path, relative, CATALOG_SCHEMA_CLAUSES);
    if (!doc)
        return;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    const char *declared = catalog_attribute(cat->arena, root, "lang");
    if (strcmp(declared, lang) != 0) {
        catalog_diagnose(cat, PLIEGO_ERROR_XML, path, xmlGetLineNo(root),
                         "the library says lang=\"%s\" but lives in locales/%s/",
                         declared, lang);
        return;
    }
    catalog_library *library = library_for(cat, lang);
    const char *file = pliego_arena_strndup(cat->arena, path, -1);
    for (xmlNodePtr node = root->children; node; node = node->next) {
        if (is_element(node, "clause")) {
            catalog_clause *clause = pliego_arena_alloc(cat->arena, sizeof *clause);
            clause->id = catalog_attribute(cat->arena, node, "id");
            clause->version = attribute_int(cat, node, "version", 0);
            catalog_parse_date(catalog_attribute(cat->arena, node, "effective-from"),
                               &clause->effective_from);
            const char *until = catalog_attribute(cat->arena, node, "effective-until");
            if (until)
                catalog_parse_date(until, &clause->effective_until);
            clause->lang = library->lang;
            clause->file = file;
            clause->line = xmlGetLineNo(node);
            clause->node = node;
            clause->when = first_child(node, "when");
            clause->title = first_child(node, "title");
            clause->body = first_child(node, "body");
            /* The hash covers the clause exactly as serialised from the
               file, so any change to its text or conditions changes it. */
            xmlBufferPtr buffer = xmlBufferCreate();
            xmlNodeDump(buffer, doc, node, 0, 0);
            catalog_sha256(xmlBufferContent(buffer), (size_t)xmlBufferLength(buffer),
                           clause->sha256);
            xmlBufferFree(buffer);
            catalog_list_push(cat->arena, &library->clauses, clause);
        } else if (is_element(node, "label")) {
            catalog_label *label = pliego_arena_alloc(cat->arena, sizeof *label);
            label->label_id = catalog_attribute(cat->arena, node, "id");
            xmlChar *text = xmlNodeGetContent(node);
            label->text = pliego_arena_strndup(cat->arena, (const char *)text, -1);
            xmlFree(text);
            label->file = file;
            label->line = xmlGetLineNo(node);
            catalog_list_push(cat->arena, &library->labels, label);
        }
    }
}

/* g_ptr_array_sort passes pointers to the elements. */
static gint compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names in dir ending in suffix (or every subfolder when suffix
   is NULL), so files load in the same order everywhere. */
static GPtrArray *sorted_entries(const char *dir, const char *suffix)
{
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    GDir *handle = g_dir_open(dir, 0, NULL);
    if (!handle)
        return names;
    const char *name;
    while ((name = g_dir_read_name(handle))) {
        char *full = g_build_filename(dir, name, NULL);
        bool wanted = suffix ? g_str_has_suffix(name, suffix) &&
                                   g_file_test(full, G_FILE_TEST_IS_REGULAR)
                             : g_file_test(full, G_FILE_TEST_IS_DIR);
        g_free(full);
        if (wanted)
            g_ptr_array_add(names, g_strdup(name));
    }
    g_dir_close(handle);
    g_ptr_array_sort(names, compare_names);
    return names;
}

/* dir/name, or just name when dir is ".", so messages read regions/us.xml
   rather than ./regions/us.xml. */
static char *join(const char *dir, const char *name)
{
    return strcmp(dir, ".") == 0 ? g_strdup(name) : g_build_filename(dir, name, NULL);
}

catalog *catalog_load(const char *dir)
{
    catalog *cat = g_new0(catalog, 1);
    cat->arena = pliego_arena_new();
    cat->dir = pliego_arena_strndup(cat->arena, dir, -1);
    char *revision = catalog_git_revision(dir);
    cat->revision = revision ? pliego_arena_strndup(cat->arena, revision, -1) : NULL;
    g_free(revision);
    cat->xml_documents = g_ptr_array_new_with_free_func((GDestroyNotify)xmlFreeDoc);
    cat->countries = g_hash_table_new(g_str_hash, g_str_equal);

    char *regions_dir = join(dir, "regions");
    GPtrArray *names = sorted_entries(regions_dir, ".xml");
    if (names->len == 0)
        catalog_diagnose(cat, PLIEGO_ERROR_IO, regions_dir, 0,
                         "no region files (regions/NAME.xml)");
    for (guint i = 0; i < names->len; i++) {
        char *path = g_build_filename(regions_dir, names->pdata[i], NULL);
        char *relative = g_build_filename("regions", names->pdata[i], NULL);
        load_region(cat, path, relative);
        g_free(relative);
        g_free(path);
    }
    g_ptr_array_free(names, TRUE);
    g_free(regions_dir);

    char *locales_dir = join(dir, "locales");
    char *outline = g_build_filename(locales_dir, "documents.xml", NULL);
    if (g_file_test(outline, G_FILE_TEST_EXISTS))
        load_outline(cat, outline, "locales/documents.xml");
    else
        catalog_diagnose(cat, PLIEGO_ERROR_IO, outline, 0,
                         "missing: the outline of the documents");
    g_free(outline);
    GPtrArray *languages = sorted_entries(locales_dir, NULL);
    for (guint i = 0; i < languages->len; i++) {
        const char *lang = languages->pdata[i];
        char *lang_dir = g_build_filename(locales_dir, lang, NULL);
        GPtrArray *files = sorted_entries(lang_dir, ".xml");
        for (guint j = 0; j < files->len; j++) {
            char *path = g_build_filename(lang_dir, files->pdata[j], NULL);
            char *relative = g_build_filename("locales", lang, files->pdata[j], NULL);
            load_clauses(cat, lang, path, relative);
            g_free(relative);
            g_free(path);
        }
        g_ptr_array_free(files, TRUE);
        g_free(lang_dir);
    }
    g_ptr_array_free(languages, TRUE);
    g_free(locales_dir);

    /* Countries are indexed by their first region; catalog_check reports a
       country that a second region claims too. */
    for (size_t i = 0; i < cat->regions.count; i++) {
        catalog_region *region = cat->regions.items[i];
        for (size_t j = 0; j < region->countries.count; j++) {
            catalog_country *country = region->countries.items[j];
            if (!g_hash_table_contains(cat->countries, country->code))
                g_hash_table_insert(cat->countries, (gpointer)country->code, country);
        }
    }
    return cat;
}

void catalog_free(catalog *cat)
{
    if (!cat)
        return;
    g_hash_table_destroy(cat->countries);
    g_ptr_array_free(cat->xml_documents, TRUE);
    pliego_arena_free(cat->arena);
    g_free(cat);
}

const catalog_country *catalog_find_country(const catalog *cat, const char *code)
{
    return code ? g_hash_table_lookup(cat->countries, code) : NULL;
}

const catalog_library *catalog_find_library(const catalog *cat, const char *lang)
{
    for (size_t i = 0; lang && i < cat->libraries.count; i++) {
        const catalog_library *library = cat->libraries.items[i];
        if (strcmp(library->lang, lang) == 0)
            return library;
    }
    return NULL;
}

const catalog_clause *catalog_library_clause(const catalog_library *library,
                                             const char *id, guint32 day)
{
    for (size_t i = 0; library && i < library->clauses.count; i++) {
        const catalog_clause *clause = library->clauses.items[i];
        if (strcmp(clause->id, id) == 0 && clause->effective_from <= day &&
            (clause->effective_until == 0 || day <= clause->effective_until))
            return clause;
    }
    return NULL;
}

const catalog_clause *catalog_library_any_clause(const catalog_library *library,
                                                 const char *id)
{
    for (size_t i = 0; library && i < library->clauses.count; i++) {
        const catalog_clause *clause = library->clauses.items[i];
        if (strcmp(clause->id, id) == 0)
            return clause;
    }
    return NULL;
}

const catalog_label *catalog_library_label(const catalog_library *library,
                                           const char *label_id)
{
    for (size_t i = 0; library && i < library->labels.count; i++) {
        const catalog_label *label = library->labels.items[i];
        if (strcmp(label->label_id, label_id) == 0)
            return label;
    }
    return NULL;
}
