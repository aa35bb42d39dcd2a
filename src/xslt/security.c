/* What templates may do: libxslt security preferences and a safe loader.
 *
 * Templates are untrusted input. libxslt asks its security preferences
 * before xsl:import/xsl:include and document() read a file, and before
 * xsl:document, exsl:document or saxon:output write one; it asks its loader
 * to parse every file it reads. Both are process-wide settings of libxslt
 * (the loader has no per-context form), so they are installed once and
 * find the templates to check against in a thread-local pointer that
 * xslt.c sets around compiling and transforming. With no templates active
 * every read is refused.
 */
#include "xslt/xslt.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <libxml/parser.h>
#include <libxml/uri.h>
#include <libxslt/documents.h>
#include <libxslt/security.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static _Thread_local const xslt_templates *active_templates;
static xsltSecurityPrefsPtr prefs;

void xslt_security_set_active(const xslt_templates *templates)
{
    active_templates = templates;
}

xsltSecurityPrefsPtr xslt_security_prefs(void)
{
    return prefs;
}

/* The templates a check is made for: the transform's own (its _private)
 * when there is a transform context, else the thread's active ones. */
static const xslt_templates *templates_of(xsltTransformContextPtr ctxt)
{
    if (ctxt && ctxt->_private)
        return ctxt->_private;
    return active_templates;
}

static int refuse(xsltSecurityPrefsPtr sec, xsltTransformContextPtr ctxt,
                  const char *value)
{
    return 0;
}

static int check_read_file(xsltSecurityPrefsPtr sec, xsltTransformContextPtr ctxt,
                           const char *path)
{
    const xslt_templates *templates = templates_of(ctxt);
    return templates && xslt_templates_may_read(templates, path) ? 1 : 0;
}

/* A file name from a URI libxslt is about to load: plain paths as they
 * are, file: URIs decoded; NULL for any other scheme. Caller g_free. */
static char *file_name_of(const char *uri)
{
    if (g_str_has_prefix(uri, "file:"))
        return g_filename_from_uri(uri, NULL, NULL);
    char *scheme = g_uri_parse_scheme(uri);
    if (scheme) {
        g_free(scheme);
        return NULL;
    }
    char *unescaped = g_uri_unescape_string(uri, NULL);
    return unescaped ? unescaped : g_strdup(uri);
}

/* The loader: libxslt's own would parse with XML_PARSE_NOENT and
 * XML_PARSE_DTDLOAD; this one reads only allowed local files, with the
 * network, DTD loading and entity expansion off, and refuses a DOCTYPE. */
static xmlDocPtr load(const xmlChar *uri, xmlDictPtr dict, int options,
                      void *context, xsltLoadType type)
{
    xsltTransformContextPtr transform =
        type == XSLT_LOAD_DOCUMENT ? (xsltTransformContextPtr)context : NULL;
    xsltStylesheetPtr style =
        type == XSLT_LOAD_STYLESHEET ? (xsltStylesheetPtr)context : NULL;
    const xslt_templates *templates = templates_of(transform);
    char *path = file_name_of((const char *)uri);
    if (!path || !templates || !xslt_templates_may_read(templates, path)) {
        xsltTransformError(transform, style, NULL,
                           "reading %s is refused: templates may read only files "
                           "in the templates folder and the catalogue\n",
                           (const char *)uri);
        g_free(path);
        return NULL;
    }
    /* Only regular files: opening a FIFO would block until a writer
       comes, and a device may never end. O_NONBLOCK keeps the open itself
       from waiting on a FIFO; the check is on the descriptor that is then
       read, so the file cannot be swapped in between. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat info;
    if (fd < 0 || fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        xsltTransformError(transform, style, NULL,
                           fd < 0 ? "cannot read %s: %s\n"
                                  : "reading %s is refused: it is not a regular file%s\n",
                           (const char *)uri, fd < 0 ? g_strerror(errno) : "");
        if (fd >= 0)
            close(fd);
        g_free(path);
        return NULL;
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    xmlParserCtxtPtr parser = xmlNewParserCtxt();
    if (!parser) {
        close(fd);
        g_free(path);
        return NULL;
    }
    if (dict) {
        /* stylesheets share their dictionary with what they load */
        xmlDictFree(parser->dict);
        parser->dict = dict;
        xmlDictReference(dict);
    }
    xmlDocPtr doc = xmlCtxtReadFd(parser, fd, (const char *)uri, NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOCDATA);
    close(fd);
    if (doc && !parser->wellFormed) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    if (doc && (doc->intSubset || doc->extSubset)) {
        xsltTransformError(transform, style, (xmlNodePtr)doc,
                           "a DOCTYPE is not allowed in templates or the "
                           "files they read\n");
        xmlFreeDoc(doc);
        doc = NULL;
    }
    if (doc && doc->URL == NULL)
        doc->URL = xmlStrdup(uri);
    if (doc && type != XSLT_LOAD_DOCUMENT)
        xslt_mark_source_lines(doc);
    xmlFreeParserCtxt(parser);
    g_free(path);
    return doc;
}

void xslt_security_init(void)
{
    prefs = xsltNewSecurityPrefs();
    xsltSetSecurityPrefs(prefs, XSLT_SECPREF_READ_FILE, check_read_file);
    xsltSetSecurityPrefs(prefs, XSLT_SECPREF_WRITE_FILE, refuse);
    xsltSetSecurityPrefs(prefs, XSLT_SECPREF_CREATE_DIRECTORY, refuse);
    xsltSetSecurityPrefs(prefs, XSLT_SECPREF_READ_NETWORK, refuse);
    xsltSetSecurityPrefs(prefs, XSLT_SECPREF_WRITE_NETWORK, refuse);
    xsltSetDefaultSecurityPrefs(prefs);
    xsltSetLoaderFunc(load);
    xsltMaxDepth = XSLT_MAX_DEPTH;
    xsltMaxVars = XSLT_MAX_VARS;
}
