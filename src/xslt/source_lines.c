/* Where generated FO came from: each element a template writes carries the
 * template file and line that wrote it, so that a warning about the FO
 * (an unknown property, a character no font has) names the template line
 * to fix instead of a line of FO nobody sees.
 *
 * When a stylesheet is loaded (security.c's loader, for the main
 * stylesheet and everything it imports or includes), every literal result
 * element in a template body gets the attribute src:at="FILE:LINE" in the
 * namespace XSLT_SOURCE_NAMESPACE, and every xsl:element an xsl:attribute
 * making the same. The outermost literal result elements of each template
 * body also get src:clause, the id of the clause of the document XML the
 * template is working on, when there is one; the FO stage gives both to
 * its warnings (fo_node_warn) and never renders them. The cost is one walk
 * of each stylesheet when it is compiled, once per process, and at run
 * time one attribute per element and one short XPath per template output.
 */
#include "xslt/xslt.h"

#include <glib.h>
#include <libxslt/xsltInternals.h>
#include <string.h>

#define XSLT_NAMESPACE_URI "http://www.w3.org/1999/XSL/Transform"

static bool is_xslt(const xmlNode *node, const char *name)
{
    return node->type == XML_ELEMENT_NODE && node->ns &&
           strcmp((const char *)node->ns->href, XSLT_NAMESPACE_URI) == 0 &&
           (!name || strcmp((const char *)node->name, name) == 0);
}

/* The clause the context node belongs to, in the document XML
   (docs/document-xml.md): the nearest clause element around it. */
static const char clause_path[] = "ancestor-or-self::*[local-name()='clause'][1]/@id";

/* <xsl:if test="PATH"><xsl:attribute name="src:clause" namespace="NS">
   <xsl:value-of select="PATH"/></xsl:attribute></xsl:if> as the first
   child of element */
static void add_clause(xmlNodePtr element, xmlNsPtr xsl)
{
    xmlNodePtr test = xmlNewNode(xsl, BAD_CAST "if");
    xmlNewProp(test, BAD_CAST "test", BAD_CAST clause_path);
    xmlNodePtr attribute = xmlNewChild(test, xsl, BAD_CAST "attribute", NULL);
    xmlNewProp(attribute, BAD_CAST "name", BAD_CAST "pliego-source:clause");
    xmlNewProp(attribute, BAD_CAST "namespace", BAD_CAST XSLT_SOURCE_NAMESPACE);
    xmlNodePtr value = xmlNewChild(attribute, xsl, BAD_CAST "value-of", NULL);
    xmlNewProp(value, BAD_CAST "select", BAD_CAST clause_path);
    if (element->children)
        xmlAddPrevSibling(element->children, test);
    else
        xmlAddChild(element, test);
}

/* <xsl:attribute name="src:at" namespace="NS">FILE:LINE</xsl:attribute> */
static void add_at_instruction(xmlNodePtr element, xmlNsPtr xsl, const char *at)
{
    xmlNodePtr attribute = xmlNewNode(xsl, BAD_CAST "attribute");
    xmlNewProp(attribute, BAD_CAST "name", BAD_CAST "pliego-source:at");
    xmlNewProp(attribute, BAD_CAST "namespace", BAD_CAST XSLT_SOURCE_NAMESPACE);
    xmlNodeAddContent(attribute, BAD_CAST at);
    if (element->children)
        xmlAddPrevSibling(element->children, attribute);
    else
        xmlAddChild(element, attribute);
}

/* in_body: inside an instruction (a template, a variable, ...), where
   elements of other namespaces are output; at the top level they are data
   and left alone. in_output: inside a literal result element already,
   which carries the clause for its descendants. */
static void mark(xmlNodePtr node, xmlNsPtr xsl, xmlNsPtr source, const char *file,
                 bool in_body, bool in_output)
{
    for (xmlNodePtr child = node->children; child; child = child->next) {
        if (child->type != XML_ELEMENT_NODE)
            continue;
        char at[300];
        g_snprintf(at, sizeof at, "%s:%ld", file, (long)xmlGetLineNo(child));
        if (is_xslt(child, NULL)) {
            /* xsl:element writes an element as a literal one does */
            if (in_body && is_xslt(child, "element"))
                add_at_instruction(child, child->ns, at);
            mark(child, xsl, source, file, true, in_output);
        } else if (in_body) {
            xmlSetNsProp(child, source, BAD_CAST "at", BAD_CAST at);
            if (!in_output)
                add_clause(child, xsl);
            mark(child, xsl, source, file, true, true);
        }
    }
}

/* The XSLT namespace of the stylesheet, from its root element. */
static xmlNsPtr xslt_namespace(xmlNodePtr root)
{
    return is_xslt(root, NULL) ? root->ns : NULL;
}

void xslt_mark_source_lines(xmlDocPtr stylesheet)
{
    xmlNodePtr root = xmlDocGetRootElement(stylesheet);
    if (!root || !xslt_namespace(root) || !stylesheet->URL)
        return; /* a simplified stylesheet, or no name to give */
    xmlNsPtr source = xmlSearchNsByHref(stylesheet, root, BAD_CAST XSLT_SOURCE_NAMESPACE);
    if (!source)
        source = xmlNewNs(root, BAD_CAST XSLT_SOURCE_NAMESPACE, BAD_CAST "pliego-source");
    /* the namespace must not reach the FO as a declaration on every
       element: the stylesheet excludes it from the result */
    xmlChar *excluded = xmlGetProp(root, BAD_CAST "exclude-result-prefixes");
    char *list = g_strdup_printf("%s%s%s", excluded ? (const char *)excluded : "",
                                 excluded ? " " : "", (const char *)source->prefix);
    xmlSetProp(root, BAD_CAST "exclude-result-prefixes", BAD_CAST list);
    g_free(list);
    xmlFree(excluded);
    mark(root, root->ns, source, (const char *)stylesheet->URL, false, false);
}

static void strip(xmlNodePtr node)
{
    for (xmlNodePtr child = node->children; child; child = child->next) {
        if (child->type != XML_ELEMENT_NODE)
            continue;
        xmlAttrPtr attribute = child->properties;
        while (attribute) {
            xmlAttrPtr next = attribute->next;
            if (attribute->ns &&
                strcmp((const char *)attribute->ns->href, XSLT_SOURCE_NAMESPACE) == 0)
                xmlRemoveProp(attribute);
            attribute = next;
        }
        strip(child);
        /* then the declaration, now that nothing below uses it */
        xmlNsPtr *link = &child->nsDef;
        while (*link) {
            xmlNsPtr ns = *link;
            if (ns->href && strcmp((const char *)ns->href, XSLT_SOURCE_NAMESPACE) == 0) {
                *link = ns->next;
                ns->next = NULL;
                xmlFreeNs(ns);
            } else {
                link = &ns->next;
            }
        }
    }
}

void xslt_strip_source_lines(xmlDocPtr fo)
{
    strip((xmlNodePtr)fo);
}
