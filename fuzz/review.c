/* Fuzz target: two document XMLs -> the review's comparison and reports.
 *
 * The input is side A, a NUL byte, then side B (without a NUL, both sides
 * are the input). Each side that reads as a document is compared with the
 * other and with itself, and every report (JSON, Markdown, redline XML) is
 * written, so the tokeniser, the word diff and the clause pairing see the
 * input; a document compared with itself must be the same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "pliego/review.h"

static void reports(const pliego_review_document *a, const pliego_review_document *b)
{
    pliego_error err = {0};
    pliego_review_diff *diff = pliego_review_diff_new(a, b, &err);
    if (!diff)
        return;
    if (a == b && !pliego_review_diff_same(diff))
        abort();
    free(pliego_review_diff_json(diff, NULL));
    free(pliego_review_diff_markdown(diff, NULL));
    free(pliego_review_diff_redline(diff, NULL));
    pliego_review_diff_free(diff);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *split = memchr(text, '\0', size);
    size_t a_size = split ? (size_t)(split - text) : size;
    const char *b_text = split ? split + 1 : text;
    size_t b_size = split ? size - a_size - 1 : size;
    pliego_error err = {0};
    pliego_review_document *a = pliego_review_document_load_memory(text, a_size, "a.xml", &err);
    pliego_review_document *b = pliego_review_document_load_memory(b_text, b_size, "b.xml", &err);
    if (a)
        reports(a, a);
    if (a && b)
        reports(a, b);
    pliego_review_document_free(a);
    pliego_review_document_free(b);
    return 0;
}
