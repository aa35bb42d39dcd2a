/* Unit tests of src/common/escape.c's XML character data: the five
 * characters XML gives meaning to, line breaks and tabs kept in element
 * content and written as references in attribute values, and the control
 * characters XML 1.0 cannot hold, which a parser must never meet. The
 * results are parsed again with libxml2 to see they read back as meant.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "common/escape.h"

static char *escaped(const char *text, bool attribute)
{
    GString *out = g_string_new("[");
    pliego_xml_append_escaped(out, text, attribute);
    g_string_append_c(out, ']');
    return g_string_free(out, FALSE);
}

static void markup_characters(void **state)
{
    (void)state;
    char *text = escaped("a < b && c > \"d\" 'e'", false);
    assert_string_equal(text, "[a &lt; b &amp;&amp; c &gt; &quot;d&quot; 'e']");
    g_free(text);
    text = escaped(NULL, true);
    assert_string_equal(text, "[]");
    g_free(text);
}

static void line_breaks_by_place(void **state)
{
    (void)state;
    char *content = escaped("one\ntwo\tthree\r", false);
    assert_string_equal(content, "[one\ntwo\tthree&#13;]");
    char *attribute = escaped("one\ntwo\tthree\r", true);
    assert_string_equal(attribute, "[one&#10;two&#9;three&#13;]");
    g_free(content);
    g_free(attribute);
}

static void controls_become_spaces(void **state)
{
    (void)state;
    char *text = escaped("bell\a escape\x1b nul-free\x01", true);
    assert_string_equal(text, "[bell  escape  nul-free ]");
    g_free(text);
}

/* What libxml2 reads back from an attribute written with the escapes. */
static void reads_back(void **state)
{
    (void)state;
    const char *value = "Ä & <b> \"q\"\nline\ttab\r\x02";
    GString *xml = g_string_new("<e a=\"");
    pliego_xml_append_escaped(xml, value, true);
    g_string_append(xml, "\">");
    pliego_xml_append_escaped(xml, value, false);
    g_string_append(xml, "</e>");
    xmlDocPtr doc = xmlReadMemory(xml->str, (int)xml->len, "test.xml", "UTF-8",
                                  XML_PARSE_NONET | XML_PARSE_NOERROR);
    assert_non_null(doc);
    xmlChar *attribute = xmlGetProp(xmlDocGetRootElement(doc), (const xmlChar *)"a");
    assert_string_equal((const char *)attribute, "Ä & <b> \"q\"\nline\ttab\r ");
    xmlChar *content = xmlNodeGetContent(xmlDocGetRootElement(doc));
    assert_string_equal((const char *)content, "Ä & <b> \"q\"\nline\ttab\r ");
    xmlFree(attribute);
    xmlFree(content);
    xmlFreeDoc(doc);
    g_string_free(xml, TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(markup_characters),
        cmocka_unit_test(line_breaks_by_place),
        cmocka_unit_test(controls_become_spaces),
        cmocka_unit_test(reads_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
