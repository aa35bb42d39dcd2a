/* Schema violations in plain words. libxml2's RELAX NG validator says
 * "Invalid attribute min-notice-days for element defaults" for a bad value
 * and "Element country failed to validate attributes" for a missing one;
 * a person editing a catalogue needs to hear which value is wrong and what
 * would be right. This file reads the schema itself (the one compiled into
 * the library) to say what an attribute expects, which attributes an
 * element requires and which it allows, and rewrites the validator's
 * sentences around that. */
#include "catalog/catalog.h"

#include <glib.h>
#include <libxml/parser.h>
#include <string.h>

#define RNG_NAMESPACE "http://relaxng.org/ns/structure/1.0"
#define MAX_REF_DEPTH 20

static bool is_rng(const xmlNode *node, const char *name)
{
    return node && node->type == XML_ELEMENT_NODE && node->ns &&
           strcmp((const char *)node->ns->href, RNG_NAMESPACE) == 0 &&
           strcmp((const char *)node->name, name) == 0;
}

static bool name_is(const xmlNode *node, const char *name)
{
    xmlChar *value = xmlGetProp(node, BAD_CAST "name");
    bool same = value && strcmp((const char *)value, name) == 0;
    xmlFree(value);
    return same;
}

/* The first rng element called kind with @name = name, in document order. */
static xmlNodePtr find_named(xmlNodePtr node, const char *kind, const char *name)
{
    for (xmlNodePtr child = node ? node->children : NULL; child; child = child->next) {
        if (is_rng(child, kind) && name_is(child, name))
            return child;
        xmlNodePtr found = find_named(child, kind, name);
        if (found)
            return found;
    }
    return NULL;
}

/* The schema documents, parsed once per process like the grammars. */
static xmlNodePtr schema_root(catalog_schema_kind schema)
{
    static xmlDocPtr docs[CATALOG_SCHEMA_COUNT];
    static GMutex lock;
    if (schema >= CATALOG_SCHEMA_COUNT)
        return NULL;
    g_mutex_lock(&lock);
    if (!docs[schema]) {
        const char *text = catalog_schema_text(schema);
        docs[schema] = text ? xmlReadMemory(text, (int)strlen(text), "schema.rng", NULL,
                                            XML_PARSE_NONET | XML_PARSE_NOBLANKS)
                            : NULL;
    }
    g_mutex_unlock(&lock);
    return docs[schema] ? xmlDocGetRootElement(docs[schema]) : NULL;
}

static char *prop(const xmlNode *node, const char *name)
{
    xmlChar *value = xmlGetProp(node, BAD_CAST name);
    char *copy = g_strdup(value ? (const char *)value : "");
    xmlFree(value);
    return copy;
}

static void describe(xmlNodePtr root, xmlNodePtr pattern, GString *out, int depth);

/* What a <data> accepts. */
static void describe_data(xmlNodePtr data, GString *out)
{
    char *type = prop(data, "type");
    char *pattern = NULL, *max = NULL, *min_length = NULL;
    for (xmlNodePtr param = data->children; param; param = param->next) {
        if (!is_rng(param, "param"))
            continue;
        char *name = prop(param, "name");
        xmlChar *value = xmlNodeGetContent(param);
        char **slot = strcmp(name, "pattern") == 0 ? &pattern
                    : strcmp(name, "maxInclusive") == 0 ? &max
                    : strcmp(name, "minLength") == 0 ? &min_length : NULL;
        if (slot && value) {
            g_free(*slot);
            *slot = g_strdup((const char *)value);
        }
        xmlFree(value);
        g_free(name);
    }
    if (strcmp(type, "nonNegativeInteger") == 0)
        g_string_append(out, max ? "a whole number from 0 to " : "a whole number (0 or more)");
    else if (strcmp(type, "positiveInteger") == 0)
        g_string_append(out, max ? "a whole number from 1 to " : "a whole number (1 or more)");
    else if (strcmp(type, "integer") == 0)
        g_string_append(out, "a whole number");
    else if (strcmp(type, "decimal") == 0)
        g_string_append(out, "a decimal number with a point, such as 120.00");
    else if (strcmp(type, "boolean") == 0)
        g_string_append(out, "true or false");
    else if (strcmp(type, "date") == 0)
        g_string_append(out, "a date, YYYY-MM-DD");
    else if (strcmp(type, "anyURI") == 0 && pattern && g_str_has_prefix(pattern, "https?://"))
        g_string_append(out, "a URL starting with http:// or https://");
    else if (strcmp(type, "anyURI") == 0)
        g_string_append(out, "a URL");
    else if (strcmp(type, "gYear") == 0)
        g_string_append(out, "a year of four digits, such as 2024");
    else if (strcmp(type, "language") == 0)
        g_string_append(out, "a language tag, such as en or es-MX");
    else if (pattern)
        g_string_append_printf(out, "text of the form %s", pattern);
    else if (min_length)
        g_string_append(out, "text that is not empty");
    else
        g_string_append(out, "text");
    if (max && strstr(type, "Integer"))
        g_string_append(out, max);
    if (pattern && strcmp(type, "string") != 0 && strcmp(type, "token") != 0
        && strcmp(type, "anyURI") != 0)
        g_string_append_printf(out, " of the form %s", pattern);
    g_free(type);
    g_free(pattern);
    g_free(max);
    g_free(min_length);
}

static void describe_choice(xmlNodePtr root, xmlNodePtr choice, GString *out, int depth)
{
    int count = 0;
    for (xmlNodePtr child = choice->children; child; child = child->next)
        if (child->type == XML_ELEMENT_NODE)
            count++;
    int i = 0;
    for (xmlNodePtr child = choice->children; child; child = child->next) {
        if (child->type != XML_ELEMENT_NODE)
            continue;
        if (i > 0)
            g_string_append(out, i == count - 1 ? " or " : ", ");
        describe(root, child, out, depth + 1);
        i++;
    }
}

/* What a pattern inside an <attribute> accepts, in words. */
static void describe(xmlNodePtr root, xmlNodePtr pattern, GString *out, int depth)
{
    if (!pattern || depth > MAX_REF_DEPTH) {
        g_string_append(out, "a value the schema allows");
    } else if (is_rng(pattern, "data")) {
        describe_data(pattern, out);
    } else if (is_rng(pattern, "value")) {
        xmlChar *value = xmlNodeGetContent(pattern);
        g_string_append_printf(out, "\"%s\"", value ? (const char *)value : "");
        xmlFree(value);
    } else if (is_rng(pattern, "choice")) {
        describe_choice(root, pattern, out, depth);
    } else if (is_rng(pattern, "list")) {
        g_string_append(out, "a list, separated by spaces, of ");
        xmlNodePtr item = pattern->children;
        while (item && item->type != XML_ELEMENT_NODE)
            item = item->next;
        if (is_rng(item, "oneOrMore") || is_rng(item, "zeroOrMore")) {
            item = item->children;
            while (item && item->type != XML_ELEMENT_NODE)
                item = item->next;
        }
        describe(root, item, out, depth + 1);
    } else if (is_rng(pattern, "ref")) {
        char *name = prop(pattern, "name");
        xmlNodePtr define = find_named(root, "define", name);
        g_free(name);
        xmlNodePtr first = define ? define->children : NULL;
        while (first && first->type != XML_ELEMENT_NODE)
            first = first->next;
        describe(root, first, out, depth + 1);
    } else {
        g_string_append(out, "text");
    }
}

/* Attributes that element's pattern allows (all) and requires (not under
   optional, zeroOrMore or choice), following refs but not into child
   elements. */
static void collect(xmlNodePtr root, xmlNodePtr node, bool optional, GPtrArray *allowed,
                    GPtrArray *required, int depth)
{
    if (depth > MAX_REF_DEPTH)
        return;
    for (xmlNodePtr child = node->children; child; child = child->next) {
        if (child->type != XML_ELEMENT_NODE || is_rng(child, "element"))
            continue;
        if (is_rng(child, "attribute")) {
            char *name = prop(child, "name");
            g_ptr_array_add(allowed, g_strdup(name));
            if (!optional)
                g_ptr_array_add(required, g_strdup(name));
            g_free(name);
        } else if (is_rng(child, "ref")) {
            char *name = prop(child, "name");
            xmlNodePtr define = find_named(root, "define", name);
            g_free(name);
            if (define)
                collect(root, define, optional, allowed, required, depth + 1);
        } else {
            bool maybe = optional || is_rng(child, "optional") ||
                         is_rng(child, "zeroOrMore") || is_rng(child, "choice");
            collect(root, child, maybe, allowed, required, depth + 1);
        }
    }
}

/* The <attribute name=...> declared for element's pattern (following refs,
   not into child elements), or NULL. */
static xmlNodePtr find_attribute(xmlNodePtr root, xmlNodePtr node, const char *name,
                                 int depth)
{
    if (!node || depth > MAX_REF_DEPTH)
        return NULL;
    for (xmlNodePtr child = node->children; child; child = child->next) {
        if (child->type != XML_ELEMENT_NODE || is_rng(child, "element"))
            continue;
        xmlNodePtr found = NULL;
        if (is_rng(child, "attribute") && name_is(child, name))
            return child;
        if (is_rng(child, "ref")) {
            char *ref = prop(child, "name");
            found = find_attribute(root, find_named(root, "define", ref), name, depth + 1);
            g_free(ref);
        } else {
            found = find_attribute(root, child, name, depth + 1);
        }
        if (found)
            return found;
    }
    return NULL;
}

static xmlNodePtr first_element(xmlNodePtr node)
{
    xmlNodePtr child = node ? node->children : NULL;
    while (child && child->type != XML_ELEMENT_NODE)
        child = child->next;
    return child;
}

static bool full_match(const char *pattern, const char *value)
{
    char *anchored = g_strdup_printf("^(?:%s)$", pattern);
    GRegex *regex = g_regex_new(anchored, G_REGEX_OPTIMIZE, 0, NULL);
    bool fits = !regex || g_regex_match(regex, value, 0, NULL);
    if (regex)
        g_regex_unref(regex);
    g_free(anchored);
    return fits;
}

/* Whether value fits a <data>, as far as these words know its type: a
   pattern, whole numbers, dates and years, true or false. */
static bool data_fits(xmlNodePtr data, const char *value)
{
    char *type = prop(data, "type");
    bool fits = true;
    for (xmlNodePtr param = data->children; fits && param; param = param->next) {
        if (!is_rng(param, "param") || !name_is(param, "pattern"))
            continue;
        xmlChar *pattern = xmlNodeGetContent(param);
        fits = !pattern || full_match((const char *)pattern, value);
        xmlFree(pattern);
    }
    if (fits && strstr(type, "Integer"))
        fits = full_match("[+-]?[0-9]+", value);
    else if (fits && strcmp(type, "date") == 0)
        fits = full_match("[0-9]{4}-[0-9]{2}-[0-9]{2}", value);
    else if (fits && strcmp(type, "gYear") == 0)
        fits = full_match("-?[0-9]{4,}", value);
    else if (fits && strcmp(type, "decimal") == 0)
        fits = full_match("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)", value);
    else if (fits && strcmp(type, "boolean") == 0)
        fits = full_match("true|false|1|0", value);
    g_free(type);
    return fits;
}

static bool value_fits(xmlNodePtr root, xmlNodePtr pattern, const char *value, int depth)
{
    if (!pattern || depth > MAX_REF_DEPTH)
        return true;
    if (is_rng(pattern, "data"))
        return data_fits(pattern, value);
    if (is_rng(pattern, "value")) {
        xmlChar *want = xmlNodeGetContent(pattern);
        bool same = want && strcmp((const char *)want, value) == 0;
        xmlFree(want);
        return same;
    }
    if (is_rng(pattern, "choice")) {
        for (xmlNodePtr child = pattern->children; child; child = child->next)
            if (child->type == XML_ELEMENT_NODE && value_fits(root, child, value, depth + 1))
                return true;
        return false;
    }
    if (is_rng(pattern, "ref")) {
        char *name = prop(pattern, "name");
        xmlNodePtr define = find_named(root, "define", name);
        g_free(name);
        return value_fits(root, first_element(define), value, depth + 1);
    }
    return true;
}

static char *explain_value(xmlNodePtr root, xmlNodePtr element, const char *attribute);

/* The first attribute of element whose value its declaration does not
   take, explained; NULL when each fits as far as value_fits can tell. */
static char *explain_bad_value(xmlNodePtr root, xmlNodePtr declared, xmlNodePtr element)
{
    for (xmlAttrPtr a = element->properties; a; a = a->next) {
        if (a->ns)
            continue;
        xmlNodePtr attribute = find_attribute(root, declared, (const char *)a->name, 0);
        xmlChar *value = xmlGetProp(element, a->name);
        bool fits = !attribute
                    || value_fits(root, first_element(attribute),
                                  value ? (const char *)value : "", 0);
        xmlFree(value);
        if (!fits)
            return explain_value(root, element, (const char *)a->name);
    }
    return NULL;
}

static bool listed(GPtrArray *names, const char *name)
{
    for (guint i = 0; i < names->len; i++)
        if (strcmp(names->pdata[i], name) == 0)
            return true;
    return false;
}

/* "Element E failed to validate attributes": which attribute is missing
   or not allowed, else which value is wrong. */
static char *explain_attributes(xmlNodePtr root, xmlNodePtr element)
{
    const char *name = (const char *)element->name;
    xmlNodePtr pattern = find_named(root, "element", name);
    if (!pattern)
        return NULL;
    GPtrArray *allowed = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *required = g_ptr_array_new_with_free_func(g_free);
    collect(root, pattern, false, allowed, required, 0);
    char *message = NULL;
    for (guint i = 0; !message && i < required->len; i++)
        if (!xmlHasProp(element, BAD_CAST required->pdata[i]))
            message = g_strdup_printf("<%s> lacks the required attribute %s", name,
                                      (char *)required->pdata[i]);
    for (xmlAttrPtr a = element->properties; !message && a; a = a->next)
        if (!a->ns && !listed(allowed, (const char *)a->name))
            message = g_strdup_printf("<%s> may not have an attribute %s", name,
                                      (const char *)a->name);
    g_ptr_array_free(allowed, TRUE);
    g_ptr_array_free(required, TRUE);
    if (!message)
        message = explain_bad_value(root, pattern, element);
    return message;
}

/* 'A="V" on <E>: expected ...' */
static char *explain_value(xmlNodePtr root, xmlNodePtr element, const char *attribute)
{
    xmlNodePtr declared = find_named(root, "element", (const char *)element->name);
    if (declared) {
        GPtrArray *allowed = g_ptr_array_new_with_free_func(g_free);
        GPtrArray *required = g_ptr_array_new_with_free_func(g_free);
        collect(root, declared, false, allowed, required, 0);
        bool known = listed(allowed, attribute);
        g_ptr_array_free(allowed, TRUE);
        g_ptr_array_free(required, TRUE);
        if (!known)
            return g_strdup_printf("<%s> may not have an attribute %s",
                                   (const char *)element->name, attribute);
    }
    xmlNodePtr pattern = declared ? find_attribute(root, declared, attribute, 0) : NULL;
    if (!pattern)
        pattern = find_named(root, "attribute", attribute);
    xmlChar *value = xmlGetProp(element, BAD_CAST attribute);
    GString *expected = g_string_new(NULL);
    xmlNodePtr first = pattern ? pattern->children : NULL;
    while (first && first->type != XML_ELEMENT_NODE)
        first = first->next;
    describe(root, first, expected, 0);
    char *message = g_strdup_printf("%s=\"%s\" on <%s> is not valid: expected %s",
                                    attribute, value ? (const char *)value : "",
                                    (const char *)element->name, expected->str);
    g_string_free(expected, TRUE);
    xmlFree(value);
    return message;
}

/* text matches pattern (a GRegex, anchored); the groups go to a and b */
static bool match(const char *text, const char *pattern, char **a, char **b)
{
    GMatchInfo *info = NULL;
    bool found = g_regex_match_simple(pattern, text, G_REGEX_ANCHORED, 0);
    if (found) {
        GRegex *regex = g_regex_new(pattern, G_REGEX_ANCHORED, 0, NULL);
        g_regex_match(regex, text, 0, &info);
        *a = g_match_info_fetch(info, 1);
        if (b)
            *b = g_match_info_fetch(info, 2);
        g_match_info_free(info);
        g_regex_unref(regex);
    }
    return found;
}

/* libxml2 names no node for some "failed to validate attributes": the
   first element of that name whose attributes do not fit is the one. */
static char *find_bad_attributes(xmlNodePtr root, xmlNodePtr node, const char *name,
                                 int *line)
{
    for (xmlNodePtr child = node ? node->children : NULL; child; child = child->next) {
        if (child->type != XML_ELEMENT_NODE)
            continue;
        char *message = strcmp((const char *)child->name, name) == 0
                            ? explain_attributes(root, child) : NULL;
        if (message) {
            *line = (int)xmlGetLineNo(child);
            return message;
        }
        message = find_bad_attributes(root, child, name, line);
        if (message)
            return message;
    }
    return NULL;
}

char *catalog_schema_explain(catalog_schema_kind schema, const xmlError *error,
                             xmlDocPtr doc, int *line)
{
    char *text = g_strchomp(g_strdup(error->message ? error->message : ""));
    xmlNodePtr node = error->node;
    bool element = node && node->type == XML_ELEMENT_NODE;
    xmlNodePtr root = schema_root(schema);
    char *a = NULL, *b = NULL;
    char *message = NULL;
    if (match(text, "Invalid attribute (\\S+) for element (\\S+)$", &a, &b) && root &&
        element)
        message = explain_value(root, node, a);
    else if (match(text, "Element (\\S+) failed to validate attributes$", &a, NULL) &&
             root) {
        message = element ? explain_attributes(root, node)
                          : find_bad_attributes(root, (xmlNodePtr)doc, a, line);
        if (!message)
            message = g_strdup_printf("an attribute of <%s> has a value the schema "
                                      "does not allow", a);
    }
    else if (match(text, "Did not expect element (\\S+) there$", &a, NULL))
        message = g_strdup_printf("<%s> is not allowed here", a);
    else if (match(text, "Expecting element (\\S+), got (\\S+)$", &a, &b))
        message = g_strdup_printf("<%s> is not allowed here; <%s> is expected", b, a);
    else if (match(text, "Expecting an element (\\S+), got nothing$", &a, NULL))
        message = g_strdup_printf("<%s> is missing here", a);
    else if (match(text, "Element (\\S+) has extra content: (\\S+)$", &a, &b))
        message = strcmp(b, "text") == 0
                      ? g_strdup_printf("<%s> holds text where none is allowed", a)
                      : g_strdup_printf("<%s> holds <%s>, which is not allowed there", a, b);
    else if (match(text, "Extra element (\\S+) in interleave$", &a, NULL))
        message = g_strdup_printf("<%s> is not allowed here, or appears twice", a);
    else if (match(text, "Element (\\S+) failed to validate content$", &a, NULL))
        message = g_strdup_printf("the content of <%s> is not what the schema allows", a);
    else if (match(text, "Type (\\S+) doesn't allow value '(.*)'$", &a, &b))
        message = g_strdup_printf("\"%s\" is not a valid %s", b, a);
    else if (match(text, "Error validating datatype (\\S+)$", &a, NULL))
        message = g_strdup("a value is not of the form the schema allows");
    g_free(a);
    g_free(b);
    if (!message)
        return text;
    g_free(text);
    return message;
}
