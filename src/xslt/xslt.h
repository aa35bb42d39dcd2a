/* The XSLT stage, private to libpliego: document XML -> XSL-FO.
 *
 * Takes a templates folder holding one stylesheet per kind of document
 * (service-description.xsl, cancellation-notice.xsl, transfer-notice.xsl,
 * and shared parts they xsl:import or xsl:include) and a catalogue folder;
 * gives the XSL-FO document of an assembled document XML. Each stylesheet
 * is compiled once, on first use, and kept by the xslt_templates object.
 *
 * Templates are treated as untrusted input (security.c): they are parsed
 * with the network off, no DTD loading, no entity expansion and no
 * DOCTYPE; they may not write files, create folders or use the network;
 * xsl:import, xsl:include and document() read only files inside the
 * templates folder or the catalogue's regions/ and locales/ (after
 * resolving symbolic links and "..", so nothing escapes); template
 * recursion deeper than XSLT_MAX_DEPTH stops with an error.
 *
 * Every libxml2/libxslt message raised while compiling or transforming is
 * captured (nothing is printed): the first error becomes the pliego_error,
 * with the template file and line ("templates/x.xsl:42"); xsl:message
 * output that does not terminate goes to the warning callback.
 */
#ifndef PLIEGO_XSLT_H
#define PLIEGO_XSLT_H

#include <libxml/tree.h>
#include <stdbool.h>

#include "catalog/catalog.h"
#include "pliego/pliego.h"

/* Nested template calls (and xsl:apply-templates) allowed before a
 * transform is stopped as runaway recursion; and variables/parameters
 * alive at once. */
#define XSLT_MAX_DEPTH 1000
#define XSLT_MAX_VARS 20000

typedef struct xslt_templates xslt_templates;

/* Prepares the templates of dir (nothing is compiled yet). catalog_dir is
 * the catalogue folder whose regions/ and locales/ document() may read;
 * NULL allows only dir. Returns a new object (free with
 * xslt_templates_free) or NULL with err filled (PLIEGO_ERROR_TEMPLATE)
 * when dir is not a readable folder. */
xslt_templates *xslt_templates_new(const char *dir, const char *catalog_dir,
                                   pliego_error *err);

void xslt_templates_free(xslt_templates *templates);

/* Warnings (xsl:message without terminate="yes", compilation warnings)
 * go to warn with the template file and line; NULL prints nothing. */
void xslt_templates_set_warning(xslt_templates *templates,
                                pliego_warning_func warn, void *user_data);

/* The path of the stylesheet for kind, "DIR/KIND.xsl" (owned by
 * templates). */
const char *xslt_templates_path(const xslt_templates *templates,
                                catalog_doc_kind kind);

/* Compiles the stylesheet of kind if it is not compiled yet. false with
 * err filled (PLIEGO_ERROR_TEMPLATE, placed at the template file and line)
 * when it is missing, malformed, not XSLT, or reads what it may not. */
bool xslt_templates_compile(xslt_templates *templates, catalog_doc_kind kind,
                            pliego_error *err);

/* Transforms document with the stylesheet of kind (compiled on first use).
 * document is only read, except that xsl:strip-space removes white-space
 * text nodes from it, as libxslt does. Returns the result document (caller
 * frees with xmlFreeDoc) or NULL with err filled (PLIEGO_ERROR_TEMPLATE):
 * a compile error, a refused read or write, runaway recursion,
 * xsl:message terminate="yes", or any other runtime error. */
xmlDocPtr xslt_templates_apply(xslt_templates *templates, catalog_doc_kind kind,
                               xmlDocPtr document, pliego_error *err);

/* Serialises a result of xslt_templates_apply as its stylesheet's
 * xsl:output asks, into a new buffer (caller frees with xmlFree). false
 * with err filled when serialisation fails. */
bool xslt_templates_serialize(xslt_templates *templates, catalog_doc_kind kind,
                              xmlDocPtr result, xmlChar **buffer, int *length,
                              pliego_error *err);

/* Compiles DIR/name (a stylesheet that is not one of the document kinds,
 * e.g. redline.xsl), transforms document with it under the same rules,
 * and serialises the result as its xsl:output asks into *buffer (caller
 * frees with xmlFree). The stylesheet is not kept. false with err filled
 * (PLIEGO_ERROR_TEMPLATE) as for xslt_templates_apply. */
bool xslt_templates_run_file(xslt_templates *templates, const char *name,
                             xmlDocPtr document, xmlChar **buffer, int *length,
                             pliego_error *err);

/* ---- between xslt.c and security.c ---------------------------------- */

/* Installs, once per process, EXSLT, the loader that parses stylesheets
 * and documents safely, the security preferences as libxslt's default,
 * the depth limits, and the generic error handlers that route libxslt
 * messages to the active collector of the calling thread. */
void xslt_security_init(void);

/* The security preferences to set on every transform context. */
struct _xsltSecurityPrefs *xslt_security_prefs(void);

/* The templates whose reads the calling thread is checking (set around
 * compiling and transforming), or NULL: then every read is refused. */
void xslt_security_set_active(const xslt_templates *templates);

/* True when path (a file name, not a URI) resolves inside the templates
 * folder or the catalogue's regions/ or locales/. */
bool xslt_templates_may_read(const xslt_templates *templates, const char *path);

/* Source lines of generated FO (source_lines.c) ------------------------ */

/* The namespace of the attributes that say where an FO element came from:
 * at="FILE:LINE" (the template line that wrote it) and clause="ID" (the
 * document XML clause it was made from). */
#define XSLT_SOURCE_NAMESPACE "urn:pliego:source"

/* Gives every literal result element and xsl:element in the template
 * bodies of stylesheet its at attribute, and the outermost ones the clause
 * attribute (see source_lines.c). Called on each stylesheet document as
 * it is loaded, before libxslt compiles it. */
void xslt_mark_source_lines(xmlDocPtr stylesheet);

/* Removes those attributes from a transform's result (for --emit fo,
 * which shows the FO as the templates mean it). */
void xslt_strip_source_lines(xmlDocPtr fo);

#endif
