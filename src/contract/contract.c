/* The contract half as a library (include/pliego/contract.h): catalogue,
 * templates and documents. One sequence for every caller (`pliego render`,
 * `pliego batch`, the benchmarks, `pliego serve`): assemble the document
 * XML, transform it with the kind's template, build the FO document from
 * the result tree as it is (nothing is serialised and parsed again), lay
 * it out and draw it, handing the bytes to the caller's write function.
 *
 * A pliego_document owns its document XML, the serialised bytes of it
 * (made before the transform, which may strip white space from the tree;
 * they are what the PDF embeds and pliego_document_write_xml writes), the
 * provenance read from it for archival PDFs and, once rendered, its
 * laid-out FO document, which later renders reuse. */
#include "contract/contract.h"

#include <libxml/tree.h>
#include <string.h>

#include "archive/archive.h"
#include "assemble/assemble.h"
#include "common/init.h"
#include "common/output.h"
#include "document.h"
#include "pliego/archive.h"
#include "xslt/xslt.h"

struct pliego_catalog {
    catalog *cat;
    bool borrowed; /* cat is the caller's (contract_catalog_borrow) */
};

struct pliego_templates {
    xslt_templates *xslt;
};

struct pliego_document {
    xmlDocPtr xml;
    catalog_doc_kind kind;
    char *lang;
    char *catalog_dir;     /* templates may place images from here */
    xmlChar *source;       /* xml serialised, or NULL before the first need */
    int source_length;
    archive_provenance *provenance; /* read from xml for archival PDFs,
                                       or NULL before the first */
    pliego_fo_document *fo; /* laid out, or NULL before the first render */
    const pliego_templates *fo_templates; /* what fo was made with */
};

void contract_error_kind(pliego_error *err, pliego_error_kind kind)
{
    if (err && err->kind == PLIEGO_ERROR_KIND_NONE)
        err->kind = kind;
}

static bool request_error(pliego_error *err, const char *format, const char *value)
{
    pliego_error_set(err, PLIEGO_ERROR_XML, "", 0, 0, format, value ? value : "(none)");
    contract_error_kind(err, PLIEGO_ERROR_KIND_REQUEST);
    return false;
}

static bool parse_kind(const char *name, catalog_doc_kind *kind, pliego_error *err)
{
    if (name && catalog_doc_kind_parse(name, kind))
        return true;
    return request_error(err,
                         "\"%s\" is not a kind of document: service-description, "
                         "cancellation-notice or transfer-notice",
                         name);
}

/* ---- catalogue and templates ---- */

pliego_catalog *pliego_catalog_load(const char *dir, pliego_error *err)
{
    pliego_init_once();
    catalog *cat = catalog_load(dir);
    catalog_check(cat);
    if (cat->diagnostics.count > 0) {
        if (err)
            *err = *(pliego_error *)cat->diagnostics.items[0];
        contract_error_kind(err, PLIEGO_ERROR_KIND_CATALOG);
        catalog_free(cat);
        return NULL;
    }
    pliego_catalog *loaded = g_new0(pliego_catalog, 1);
    loaded->cat = cat;
    return loaded;
}

pliego_catalog *contract_catalog_borrow(const catalog *cat)
{
    pliego_catalog *borrowed = g_new0(pliego_catalog, 1);
    /* never written through: the contract API only reads a catalogue */
    borrowed->cat = (catalog *)cat;
    borrowed->borrowed = true;
    return borrowed;
}

void pliego_catalog_free(pliego_catalog *loaded)
{
    if (!loaded)
        return;
    if (!loaded->borrowed)
        catalog_free(loaded->cat);
    g_free(loaded);
}

const catalog *contract_catalog(const pliego_catalog *loaded)
{
    return loaded->cat;
}

xslt_templates *contract_xslt(pliego_templates *templates)
{
    return templates->xslt;
}

const char *pliego_catalog_dir(const pliego_catalog *loaded)
{
    return loaded->cat->dir;
}

const char *pliego_document_kind_name(size_t index)
{
    return index < CATALOG_DOC_COUNT ? catalog_doc_kind_name((catalog_doc_kind)index) : NULL;
}

pliego_templates *pliego_templates_load(const char *dir, const pliego_catalog *loaded,
                                        pliego_error *err)
{
    pliego_init_once();
    xslt_templates *xslt = xslt_templates_new(dir, loaded ? loaded->cat->dir : NULL, err);
    if (!xslt) {
        contract_error_kind(err, PLIEGO_ERROR_KIND_TEMPLATE);
        return NULL;
    }
    pliego_templates *templates = g_new0(pliego_templates, 1);
    templates->xslt = xslt;
    return templates;
}

void pliego_templates_free(pliego_templates *templates)
{
    if (!templates)
        return;
    xslt_templates_free(templates->xslt);
    g_free(templates);
}

bool pliego_templates_compile(pliego_templates *templates, const char *kind,
                              pliego_error *err)
{
    catalog_doc_kind parsed;
    if (!parse_kind(kind, &parsed, err))
        return false;
    if (xslt_templates_compile(templates->xslt, parsed, err))
        return true;
    contract_error_kind(err, PLIEGO_ERROR_KIND_TEMPLATE);
    return false;
}

void pliego_templates_set_warning(pliego_templates *templates, pliego_warning_func warn,
                                  void *user_data)
{
    xslt_templates_set_warning(templates->xslt, warn, user_data);
}

/* ---- assembling ---- */

pliego_document *pliego_document_assemble(const pliego_catalog *loaded,
                                          const pliego_customer *customer,
                                          const char *kind, const char *lang,
                                          const char *on_date, pliego_error *err)
{
    assemble_request request = {.lang = lang};
    if (!parse_kind(kind, &request.kind, err))
        return NULL;
    if (on_date && !catalog_parse_date(on_date, &request.on)) {
        request_error(err, "\"%s\" is not a date such as 2026-11-25", on_date);
        return NULL;
    }
    size_t index = 0;
    catalog_customer_set *made = NULL;
    const catalog_customer_set *set =
        contract_customer_record(customer, &index, &request.customer_path, &made, err);
    if (!set)
        return NULL;
    assemble_job *job = assemble_job_new_for(loaded->cat, set, index, &request, err);
    xmlDocPtr xml = job ? assemble_job_build(job, err) : NULL;
    pliego_document *document = NULL;
    if (xml) {
        document = g_new0(pliego_document, 1);
        document->xml = xml;
        document->kind = request.kind;
        document->lang = g_strdup(assemble_job_language(job));
        document->catalog_dir = g_strdup(loaded->cat->dir);
    } else {
        /* what the assembler did not place is the catalogue's to answer */
        contract_error_kind(err, err && err->field[0] ? PLIEGO_ERROR_KIND_CUSTOMER
                                                      : PLIEGO_ERROR_KIND_CATALOG);
    }
    assemble_job_free(job);
    catalog_customer_set_free(made);
    return document;
}

void pliego_document_free(pliego_document *document)
{
    if (!document)
        return;
    xmlFreeDoc(document->xml);
    xmlFree(document->source);
    archive_provenance_free(document->provenance);
    pliego_fo_document_free(document->fo);
    g_free(document->lang);
    g_free(document->catalog_dir);
    g_free(document);
}

xmlDocPtr contract_document_xml(const pliego_document *document)
{
    return document->xml;
}

const char *pliego_document_kind(const pliego_document *document)
{
    return catalog_doc_kind_name(document->kind);
}

const char *pliego_document_language(const pliego_document *document)
{
    return document->lang;
}

/* The document XML's bytes, made once (before any transform). */
static bool serialise(pliego_document *document, pliego_error *err)
{
    if (!document->source)
        xmlDocDumpFormatMemoryEnc(document->xml, &document->source,
                                  &document->source_length, "UTF-8", 1);
    if (document->source)
        return true;
    pliego_error_set(err, PLIEGO_ERROR_IO, "", 0, 0, "cannot serialise the document");
    contract_error_kind(err, PLIEGO_ERROR_KIND_OUTPUT);
    return false;
}

bool pliego_document_write_xml(pliego_document *document, pliego_write_fn write,
                               void *ctx, pliego_error *err)
{
    return serialise(document, err) &&
           pliego_write_to(write, ctx, document->source, (size_t)document->source_length,
                           err);
}

/* ---- rendering ---- */

void pliego_render_options_init(pliego_render_options *options)
{
    memset(options, 0, sizeof *options);
    options->format = PLIEGO_FORMAT_PDF;
    options->page = 1;
    options->dpi = 96;
    options->pdf_standards = PLIEGO_PDF_ARCHIVAL;
}

static bool template_failed(pliego_error *err)
{
    contract_error_kind(err, PLIEGO_ERROR_KIND_TEMPLATE);
    return false;
}

/* The XSL-FO as the template means it (without the source-line marks the
   renderer's warnings use), through write. */
static bool write_fo(pliego_document *document, pliego_templates *templates,
                     pliego_write_fn write, void *ctx, pliego_error *err)
{
    xmlDocPtr fo = xslt_templates_apply(templates->xslt, document->kind, document->xml, err);
    if (!fo)
        return template_failed(err);
    xslt_strip_source_lines(fo);
    xmlChar *text = NULL;
    int length = 0;
    bool ok = xslt_templates_serialize(templates->xslt, document->kind, fo, &text, &length,
                                       err) ||
              template_failed(err);
    xmlFreeDoc(fo);
    ok = ok && pliego_write_to(write, ctx, text, (size_t)length, err);
    xmlFree(text);
    return ok;
}

/* Transforms and lays out, unless done already with these templates. */
static bool lay_out(pliego_document *document, pliego_templates *templates,
                    const pliego_render_options *options, pliego_error *err)
{
    if (document->fo && document->fo_templates == templates)
        return true;
    pliego_fo_document_free(document->fo);
    document->fo = NULL;
    xmlDocPtr fo = xslt_templates_apply(templates->xslt, document->kind, document->xml, err);
    if (!fo)
        return template_failed(err);
    /* named as the FO text was when it was parsed again: messages and
       relative image paths go by it */
    char *name = g_strconcat(xslt_templates_path(templates->xslt, document->kind),
                             " output", NULL);
    pliego_fo_document *laid = pliego_fo_document_from_tree(
        fo, name, options->warn, options->warn_data, err);
    g_free(name);
    xmlFreeDoc(fo);
    if (!laid)
        return template_failed(err);
    /* images as pliego render reads them: the templates' and catalogue's */
    if (!pliego_fo_document_allow_images(laid, document->catalog_dir, err) ||
        !pliego_fo_document_layout(laid, err)) {
        pliego_fo_document_free(laid);
        contract_error_kind(err, PLIEGO_ERROR_KIND_RENDER);
        return false;
    }
    document->fo = laid;
    document->fo_templates = templates;
    return true;
}

/* Drawing errors are the renderer's unless the output refused them. */
static bool drawn(bool ok, pliego_error *err)
{
    if (!ok)
        contract_error_kind(err, PLIEGO_ERROR_KIND_RENDER);
    return ok;
}

bool pliego_document_render(pliego_document *document, pliego_templates *templates,
                            const pliego_render_options *options,
                            pliego_write_fn write, void *ctx, pliego_error *err)
{
    pliego_render_options defaults;
    if (!options) {
        pliego_render_options_init(&defaults);
        options = &defaults;
    }
    if (!serialise(document, err))
        return false;
    if (options->format == PLIEGO_FORMAT_FO)
        return write_fo(document, templates, write, ctx, err);
    if (!lay_out(document, templates, options, err))
        return false;
    /* the provenance the archive stage puts in the XMP, from the tree
       rather than by parsing the bytes again */
    if (options->format == PLIEGO_FORMAT_PDF && options->pdf_standards &&
        !document->provenance)
        document->provenance = archive_provenance_from_tree(
            document->xml, (const char *)document->source, (size_t)document->source_length);
    if (options->format == PLIEGO_FORMAT_PDF)
        return drawn(pliego_fo_document_write_archival_pdf_with_provenance_to(
                         document->fo, options->pdf_standards,
                         (const char *)document->source, (size_t)document->source_length,
                         "document.xml", document->provenance, write, ctx, err),
                     err);
    int pages = pliego_fo_document_page_count(document->fo);
    if (options->page < 1 || options->page > pages) {
        pliego_error_set(err, PLIEGO_ERROR_RENDER, "", 0, 0,
                         "there is no page %d: the document has %d page%s", options->page,
                         pages, pages == 1 ? "" : "s");
        contract_error_kind(err, PLIEGO_ERROR_KIND_REQUEST);
        return false;
    }
    return drawn(pliego_fo_document_write_png_page_to(document->fo, options->page,
                                                      options->dpi > 0 ? options->dpi : 96,
                                                      write, ctx, err),
                 err);
}

int pliego_document_page_count(const pliego_document *document)
{
    return document->fo ? pliego_fo_document_page_count(document->fo) : 0;
}
