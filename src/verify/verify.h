/* The verify stage's private interface: the checker both halves share
 * (verify.c: the standards; provenance.c: the provenance and report). */
#ifndef PLIEGO_VERIFY_H
#define PLIEGO_VERIFY_H

#include <glib.h>
#include <libxml/xpath.h>
#include <qpdf/qpdf-c.h>

#include "archive/archive.h"
#include "pliego/archive.h"

typedef struct {
    char *rule;
    int object;
    char *message;
} verify_finding;

struct pliego_verify_report {
    char *path;
    GArray *findings; /* of verify_finding */
    bool pdfa, pdfa3, pdfua;
};

typedef struct {
    qpdf_data q;
    pliego_verify_report *report;
    xmlDocPtr xmp;
    xmlXPathContextPtr xpath;
} checker;

void verify_add(checker *c, const char *rule, int object, const char *format,
                ...) __attribute__((format(printf, 4, 5)));
char *verify_xmp_text(checker *c, const char *expression);
GPtrArray *verify_xmp_list(checker *c, const char *property);
void verify_provenance(checker *c, const char *source, size_t length,
                       const char *catalog_dir);

#endif
