/* The XSLT stage: compiles the templates once, applies them to document
 * XML, and turns every libxml2/libxslt message into a pliego_error or a
 * warning with the template file and line.
 *
 * libxslt reports through three channels: its generic error function (a
 * process-wide setting, installed once here to route to the calling
 * thread's active collector), the transform context's own error function
 * (set on every context), and libxml2's structured error function for
 * parse and XPath errors (thread-local; saved and restored around each
 * call). A libxslt error arrives as a context line ("runtime error: file F
 * line N element E") followed by the message; xsl:message output arrives
 * without one. The collector pairs them into entries; the first error
 * entry becomes the pliego_error. Nothing is left installed that keeps
 * state between calls.
 */
#include "xslt/xslt.h"
#include "common/escape.h"

#include <glib.h>
#include <libexslt/exslt.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxslt/documents.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct xslt_templates {
    char *dir;
    char *paths[CATALOG_DOC_COUNT];       /* DIR/KIND.xsl, as given */
    char *roots[3];                       /* real paths reads may be under */
    xsltStylesheetPtr styles[CATALOG_DOC_COUNT];
    GMutex lock;                          /* guards styles[] */
    pliego_warning_func warn;
    void *warn_data;
};

/* ---- collecting messages ----------------------------------------------- */

typedef struct {
    bool is_error;
    char *file; /* NULL when unknown */
    int line;
    int column;
    char *message;
} entry;

typedef struct {
    GString *pending;      /* text of a message still arriving in pieces */
    GPtrArray *entries;    /* of entry */
    bool have_context;     /* a context line waits for its message */
    bool context_is_error;
    char *context_file;
    int context_line;
    bool after_error;      /* an error was taken and no context came since */
    xsltTransformContextPtr transform; /* for the place of xsl:message */
} collector;

static _Thread_local collector *active_collector;

static void entry_free(void *data)
{
    entry *e = data;
    g_free(e->file);
    g_free(e->message);
    g_free(e);
}

static void add_entry(collector *c, bool is_error, const char *file, int line,
                      const char *message)
{
    entry *e = g_new0(entry, 1);
    e->is_error = is_error;
    e->file = file && *file ? pliego_escape_controls(file) : NULL;
    e->line = line;
    e->message = pliego_escape_controls(message);
    g_ptr_array_add(c->entries, e);
}

/* "runtime error: file F line N element E" and its shorter forms; plain
 * "error" when libxslt has neither a stylesheet nor a transform to name. */
static bool parse_context(collector *c, const char *text)
{
    static const char *const kinds[] = {"runtime error", "compilation error",
                                        "compilation warning", "error"};
    size_t kind = 0;
    while (kind < G_N_ELEMENTS(kinds) && !g_str_has_prefix(text, kinds[kind]))
        kind++;
    if (kind == G_N_ELEMENTS(kinds))
        return false;
    const char *rest = text + strlen(kinds[kind]);
    if (*rest != '\0' && !g_str_has_prefix(rest, ": file ") &&
        !g_str_has_prefix(rest, ": element "))
        return false;
    g_clear_pointer(&c->context_file, g_free);
    c->context_line = 0;
    c->have_context = true;
    c->context_is_error = kind != 2;
    c->after_error = false;
    if (g_str_has_prefix(rest, ": file ")) {
        const char *file = rest + strlen(": file ");
        const char *end = strstr(file, " line ");
        if (end) {
            c->context_line = atoi(end + strlen(" line "));
        } else {
            end = strstr(file, " element ");
            if (!end)
                end = file + strlen(file);
        }
        c->context_file = g_strndup(file, (gsize)(end - file));
    }
    /* an earlier error without a place (an XPath error) gets this one */
    if (c->entries->len > 0) {
        entry *last = g_ptr_array_index(c->entries, c->entries->len - 1);
        if (last->is_error && !last->file && c->context_file) {
            last->file = g_strdup(c->context_file);
            last->line = c->context_line;
        }
    }
    return true;
}

/* libxslt's own wording, where it does not tell our users what happened
 * or what to do: its advice on a command-line option, and the refusals of
 * the security preferences (security.c). */
static char *plain_message(const char *text)
{
    if (strstr(text, "infinite template recursion") ||
        strstr(text, "infinite variable recursion") ||
        strstr(text, "recursion was detected"))
        return g_strdup_printf("template recursion deeper than %d levels: "
                               "stopped (does a template call itself without end?)",
                               XSLT_MAX_DEPTH);
    static const struct {
        const char *prefix, *why;
    } refusals[] = {
        {"Local file read for ", "templates may read only files in their own "
                                 "folder and the catalogue's regions/ and locales/"},
        {"Network file read for ", "templates may not use the network"},
        {"File write for ", "templates may not write files"},
        {"Directory creation for ", "templates may not create folders"},
        {"Network file write for ", "templates may not use the network"},
    };
    const char *newline = strchr(text, '\n');
    char *message = newline ? g_strndup(text, (gsize)(newline - text)) : g_strdup(text);
    g_strstrip(message);
    for (size_t i = 0; i < G_N_ELEMENTS(refusals); i++) {
        if (g_str_has_prefix(message, refusals[i].prefix) &&
            g_str_has_suffix(message, " refused")) {
            const char *what = message + strlen(refusals[i].prefix);
            char *plain = g_strdup_printf(
                "%s %.*s is refused: %s",
                i == 2 || i == 4 ? "writing" : i == 3 ? "creating" : "reading",
                (int)(strlen(what) - strlen(" refused")), what, refusals[i].why);
            g_free(message);
            return plain;
        }
    }
    return message;
}

static void take_text(collector *c, const char *text)
{
    char *line = g_strdup(text);
    g_strchomp(line);
    if (!strchr(line, '\n') && parse_context(c, line)) {
        g_free(line);
        return;
    }
    char *message = plain_message(text);
    if (*message && !(c->after_error && !c->have_context)) {
        /* after an error, text without a context of its own is libxslt's
           backtrace of it (xsltDebug), not news */
        if (c->have_context) {
            c->after_error = c->context_is_error;
            add_entry(c, c->context_is_error, c->context_file, c->context_line,
                      message);
        } else {
            /* xsl:message: placed at the instruction being run */
            xmlNodePtr inst = c->transform ? c->transform->inst : NULL;
            add_entry(c, false,
                      inst && inst->doc ? (const char *)inst->doc->URL : NULL,
                      inst ? (int)xmlGetLineNo(inst) : 0, message);
        }
    }
    c->have_context = false;
    g_free(message);
    g_free(line);
}

/* Both libxslt's generic error function (context NULL: the thread's active
 * collector) and the transform context's (context: the collector). */
static void on_generic(void *context, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
static void on_generic(void *context, const char *format, ...)
{
    collector *c = context ? context : active_collector;
    va_list args;
    va_start(args, format);
    char *text = g_strdup_vprintf(format, args);
    va_end(args);
    if (!c) {
        /* libxslt used by code that is not ours: as libxslt would */
        fputs(text, stderr);
        g_free(text);
        return;
    }
    g_string_append(c->pending, text);
    g_free(text);
    if (c->pending->len > 0 && c->pending->str[c->pending->len - 1] == '\n') {
        take_text(c, c->pending->str);
        g_string_truncate(c->pending, 0);
    }
}

static void on_structured(void *context, xmlErrorPtr error)
{
    collector *c = context;
    if (!error || error->level == XML_ERR_NONE)
        return;
    char *message = g_strstrip(g_strdup(error->message ? error->message : "error"));
    if (error->domain == XML_FROM_PARSER || error->domain == XML_FROM_IO) {
        char *with = g_strdup_printf("malformed XML: %s", message);
        g_free(message);
        message = with;
    }
    if (error->domain == XML_FROM_XPATH && error->str1) {
        char *with = g_strdup_printf("%s in \"%s\"", message, error->str1);
        g_free(message);
        message = with;
    }
    add_entry(c, error->level >= XML_ERR_ERROR, error->file, error->line, message);
    if (error->domain == XML_FROM_PARSER && error->int2 > 0) {
        entry *added = g_ptr_array_index(c->entries, c->entries->len - 1);
        added->column = error->int2;
    }
    c->after_error = c->after_error || error->level >= XML_ERR_ERROR;
    g_free(message);
}

static void ignore_debug(void *context, const char *format, ...)
{
}

typedef struct {
    collector c;
    xmlGenericErrorFunc generic;
    void *generic_context;
    xmlStructuredErrorFunc structured;
    void *structured_context;
} capture;

static gsize initialized;

static void init_once(void)
{
    if (g_once_init_enter(&initialized)) {
        xsltInit();
        exsltRegisterAll();
        xslt_security_init();
        xsltSetGenericErrorFunc(NULL, on_generic);
        xsltSetGenericDebugFunc(NULL, ignore_debug);
        g_once_init_leave(&initialized, 1);
    }
}

static void capture_begin(capture *cap, const xslt_templates *templates)
{
    memset(cap, 0, sizeof *cap);
    cap->c.pending = g_string_new(NULL);
    cap->c.entries = g_ptr_array_new_with_free_func(entry_free);
    cap->generic = xmlGenericError;
    cap->generic_context = xmlGenericErrorContext;
    cap->structured = xmlStructuredError;
    cap->structured_context = xmlStructuredErrorContext;
    xmlSetGenericErrorFunc(&cap->c, on_generic);
    xmlSetStructuredErrorFunc(&cap->c, on_structured);
    active_collector = &cap->c;
    xslt_security_set_active(templates);
}

/* Restores the handlers, passes warnings on, and fills err with the first
 * error (or, when failed without one, a message of its own). Returns true
 * when there was an error. */
static bool capture_end(capture *cap, const xslt_templates *templates,
                        const char *path, bool failed, pliego_error *err)
{
    if (cap->c.pending->len > 0)
        take_text(&cap->c, cap->c.pending->str);
    xslt_security_set_active(NULL);
    active_collector = NULL;
    xmlSetGenericErrorFunc(cap->generic_context, cap->generic);
    xmlSetStructuredErrorFunc(cap->structured_context, cap->structured);

    entry *first = NULL;
    for (guint i = 0; i < cap->c.entries->len; i++) {
        entry *e = g_ptr_array_index(cap->c.entries, i);
        if (e->is_error && !first)
            first = e;
        else if (!e->is_error && templates->warn)
            templates->warn(e->file ? e->file : path, e->line, e->message,
                            templates->warn_data);
    }
    /* the first error names the problem; when it has no line (a refused
       read, raised where libxslt knows only the URI) a later one may */
    const entry *place = first;
    for (guint i = 0; first && !first->line && i < cap->c.entries->len; i++) {
        entry *e = g_ptr_array_index(cap->c.entries, i);
        if (e->is_error && e->line > 0) {
            place = e;
            break;
        }
    }
    bool error = first != NULL || failed;
    if (first)
        pliego_error_set(err, PLIEGO_ERROR_TEMPLATE, place->file ? place->file : path,
                         place->line, place == first ? first->column : 0, "%s",
                         first->message);
    else if (failed)
        pliego_error_set(err, PLIEGO_ERROR_TEMPLATE, path, 0, 0,
                         "the template failed without saying why");
    g_ptr_array_free(cap->c.entries, TRUE);
    g_string_free(cap->c.pending, TRUE);
    g_free(cap->c.context_file);
    return error;
}

/* ---- the templates ------------------------------------------------------ */

static char *real_directory(const char *dir)
{
    char *real = realpath(dir, NULL);
    if (!real)
        return NULL;
    char *copy = g_strdup(real);
    free(real);
    return copy;
}

xslt_templates *xslt_templates_new(const char *dir, const char *catalog_dir,
                                   pliego_error *err)
{
    init_once();
    if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
        pliego_error_set(err, PLIEGO_ERROR_TEMPLATE, dir, 0, 0,
                         "no templates folder here");
        return NULL;
    }
    xslt_templates *templates = g_new0(xslt_templates, 1);
    g_mutex_init(&templates->lock);
    templates->dir = g_strdup(dir);
    for (int kind = 0; kind < CATALOG_DOC_COUNT; kind++) {
        char *name = g_strconcat(catalog_doc_kind_name((catalog_doc_kind)kind),
                                 ".xsl", NULL);
        templates->paths[kind] = g_build_filename(dir, name, NULL);
        g_free(name);
    }
    templates->roots[0] = real_directory(dir);
    if (catalog_dir) {
        char *regions = g_build_filename(catalog_dir, "regions", NULL);
        char *locales = g_build_filename(catalog_dir, "locales", NULL);
        templates->roots[1] = real_directory(regions);
        templates->roots[2] = real_directory(locales);
        g_free(regions);
        g_free(locales);
    }
    if (!templates->roots[0]) {
        pliego_error_set(err, PLIEGO_ERROR_TEMPLATE, dir, 0, 0,
                         "cannot resolve the templates folder");
        xslt_templates_free(templates);
        return NULL;
    }
    return templates;
}

void xslt_templates_free(xslt_templates *templates)
{
    if (!templates)
        return;
    for (int kind = 0; kind < CATALOG_DOC_COUNT; kind++) {
        if (templates->styles[kind])
            xsltFreeStylesheet(templates->styles[kind]);
        g_free(templates->paths[kind]);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(templates->roots); i++)
        g_free(templates->roots[i]);
    g_free(templates->dir);
    g_mutex_clear(&templates->lock);
    g_free(templates);
}

void xslt_templates_set_warning(xslt_templates *templates,
                                pliego_warning_func warn, void *user_data)
{
    templates->warn = warn;
    templates->warn_data = user_data;
}

const char *xslt_templates_path(const xslt_templates *templates,
                                catalog_doc_kind kind)
{
    return templates->paths[kind];
}

static bool under(const char *path, const char *root)
{
    if (!root)
        return false;
    size_t length = strlen(root);
    return strncmp(path, root, length) == 0 &&
           (path[length] == '/' || path[length] == '\0' ||
            (length == 1 && root[0] == '/'));
}

bool xslt_templates_may_read(const xslt_templates *templates, const char *path)
{
    char *real = realpath(path, NULL);
    char *resolved = NULL;
    if (real) {
        resolved = g_strdup(real);
        free(real);
    } else {
        /* a file that does not exist: judge its folder, so the error is
           "cannot load" inside the templates and "refused" outside */
        char *base = g_path_get_basename(path);
        char *folder = g_path_get_dirname(path);
        char *real_folder = strcmp(base, "..") != 0 && strcmp(base, ".") != 0
                                ? realpath(folder, NULL) : NULL;
        if (real_folder)
            resolved = g_build_filename(real_folder, base, NULL);
        free(real_folder);
        g_free(folder);
        g_free(base);
    }
    bool allowed = false;
    for (size_t i = 0; resolved && i < G_N_ELEMENTS(templates->roots); i++)
        allowed = allowed || under(resolved, templates->roots[i]);
    g_free(resolved);
    return allowed;
}

bool xslt_templates_compile(xslt_templates *templates, catalog_doc_kind kind,
                            pliego_error *err)
{
    g_mutex_lock(&templates->lock);
    bool ok = templates->styles[kind] != NULL;
    const char *path = templates->paths[kind];
    if (!ok && !g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
        pliego_error_set(err, PLIEGO_ERROR_TEMPLATE, path, 0, 0,
                         "no template for %s: the file does not exist",
                         catalog_doc_kind_name(kind));
        g_mutex_unlock(&templates->lock);
        return false;
    }
    if (!ok) {
        capture cap;
        capture_begin(&cap, templates);
        xmlDocPtr doc = xsltDocDefaultLoader((const xmlChar *)path, NULL, 0, NULL,
                                             XSLT_LOAD_START);
        xsltStylesheetPtr style = doc ? xsltParseStylesheetDoc(doc) : NULL;
        if (!style)
            xmlFreeDoc(doc);
        bool failed = !style || style->errors > 0;
        if (capture_end(&cap, templates, path, failed, err)) {
            if (style)
                xsltFreeStylesheet(style);
        } else {
            templates->styles[kind] = style;
            ok = true;
        }
    }
    g_mutex_unlock(&templates->lock);
    return ok;
}

xmlDocPtr xslt_templates_apply(xslt_templates *templates, catalog_doc_kind kind,
                               xmlDocPtr document, pliego_error *err)
{
    if (!xslt_templates_compile(templates, kind, err))
        return NULL;
    xsltStylesheetPtr style = templates->styles[kind];
    const char *path = templates->paths[kind];
    capture cap;
    capture_begin(&cap, templates);
    xsltTransformContextPtr context = xsltNewTransformContext(style, document);
    xmlDocPtr result = NULL;
    bool failed = true;
    if (context) {
        context->_private = templates;
        context->maxTemplateDepth = XSLT_MAX_DEPTH;
        context->maxTemplateVars = XSLT_MAX_VARS;
        xsltSetCtxtSecurityPrefs(xslt_security_prefs(), context);
        xsltSetTransformErrorFunc(context, &cap.c, on_generic);
        cap.c.transform = context;
        result = xsltApplyStylesheetUser(style, document, NULL, NULL, NULL, context);
        failed = !result || context->state != XSLT_STATE_OK;
        /* terminate="yes": its message, a warning so far, is the error */
        if (context->state == XSLT_STATE_STOPPED && cap.c.entries->len > 0) {
            entry *last = g_ptr_array_index(cap.c.entries, cap.c.entries->len - 1);
            last->is_error = true;
        }
        cap.c.transform = NULL;
        xsltFreeTransformContext(context);
    }
    if (capture_end(&cap, templates, path, failed, err)) {
        xmlFreeDoc(result);
        return NULL;
    }
    return result;
}

bool xslt_templates_serialize(xslt_templates *templates, catalog_doc_kind kind,
                              xmlDocPtr result, xmlChar **buffer, int *length,
                              pliego_error *err)
{
    *buffer = NULL;
    *length = 0;
    if (!templates->styles[kind] ||
        xsltSaveResultToString(buffer, length, result, templates->styles[kind]) != 0 ||
        !*buffer) {
        xmlFree(*buffer);
        *buffer = NULL;
        pliego_error_set(err, PLIEGO_ERROR_TEMPLATE, templates->paths[kind], 0, 0,
                         "the template's output cannot be serialised");
        return false;
    }
    return true;
}
