/* Unit tests of the batch manifest under torn writes: the writer, stopped
 * by a file size limit at every byte of a record, leaves only whole
 * records and writes nothing after the failed one; the reader, given a
 * manifest cut at every byte of its last record, or with a torn record
 * followed by whole ones (as older versions wrote them), drops the torn
 * record and reads every whole one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include "batch/batch.h"

#define RECORDS 4

static char *folder;

static int set_up(void **state)
{
    (void)state;
    folder = g_dir_make_tmp("pliego-manifest-XXXXXX", NULL);
    /* a write past RLIMIT_FSIZE fails with EFBIG, as on a full disk,
       instead of killing the process */
    signal(SIGXFSZ, SIG_IGN);
    return folder ? 0 : -1;
}

static int tear_down(void **state)
{
    (void)state;
    char *command = g_strdup_printf("rm -rf '%s'", folder);
    int status = system(command);
    g_free(command);
    g_free(folder);
    return status;
}

static void make_record(batch_record *record, int row)
{
    memset(record, 0, sizeof *record);
    record->row = row;
    record->customer_id = g_strdup_printf("C-%04d", row);
    record->file = g_strdup_printf("C-%04d-cancellation-notice.pdf", row);
    record->pages = 2;
    record->bytes = 18000 + row;
    g_strlcpy(record->sha256,
              "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
              sizeof record->sha256);
    record->status = row % 2 ? BATCH_STATUS_OK : BATCH_STATUS_FAILED;
    if (record->status == BATCH_STATUS_FAILED)
        record->error = g_strdup("cannot write: \"No space left\", on device");
}

/* The rows path holds as the reader reads them, into rows (at most
   RECORDS); returns how many, or -1 on a read error. */
static int read_rows(const char *path, int *rows)
{
    pliego_error err = {0};
    batch_manifest_reader *reader = batch_manifest_open(path, &err);
    if (!reader)
        return -1;
    batch_record record = {0};
    int count = 0, got;
    while ((got = batch_manifest_read(reader, &record, &err)) > 0 && count < RECORDS)
        rows[count++] = record.row;
    batch_record_clear(&record);
    batch_manifest_reader_free(reader);
    return got < 0 ? -1 : count;
}

/* The whole manifest of RECORDS records, as text. */
static char *whole_manifest(size_t *length)
{
    char *path = g_build_filename(folder, "whole.csv", NULL);
    pliego_error err = {0};
    batch_manifest_writer *writer = batch_manifest_create(path, &err);
    assert_non_null(writer);
    for (int row = 1; row <= RECORDS; row++) {
        batch_record record;
        make_record(&record, row);
        assert_true(batch_manifest_append(writer, &record, &err));
        batch_record_clear(&record);
    }
    assert_true(batch_manifest_close(writer, &err));
    char *text = NULL;
    assert_true(g_file_get_contents(path, &text, length, NULL));
    g_free(path);
    return text;
}

/* Offset where record n (1-based; RECORDS + 1: the end) starts. */
static size_t record_start(const char *text, size_t length, int n)
{
    size_t at = 0;
    for (int line = 0; line < n && at < length; line++)
        at = (size_t)(strchr(text + at, '\n') - text) + 1;
    return at;
}

static void test_writer_stops_at_first_failed_write(void **state)
{
    (void)state;
    size_t length = 0;
    char *whole = whole_manifest(&length);
    char *path = g_build_filename(folder, "limited.csv", NULL);
    size_t first = record_start(whole, length, 1);
    struct rlimit unlimited;
    getrlimit(RLIMIT_FSIZE, &unlimited);
    /* the limit falls on every byte of the records: the write that
       crosses it is short, the next one fails */
    for (size_t limit = first; limit < length; limit++) {
        struct rlimit capped = unlimited;
        capped.rlim_cur = limit;
        pliego_error err = {0};
        batch_manifest_writer *writer = batch_manifest_create(path, &err);
        assert_non_null(writer);
        assert_int_equal(setrlimit(RLIMIT_FSIZE, &capped), 0);
        int failed_at = 0;
        for (int row = 1; row <= RECORDS; row++) {
            batch_record record;
            make_record(&record, row);
            bool ok = batch_manifest_append(writer, &record, &err);
            batch_record_clear(&record);
            if (!ok && !failed_at)
                failed_at = row;
            /* once a write failed, none succeeds, even one that would fit */
            if (failed_at)
                assert_false(ok);
        }
        assert_int_equal(setrlimit(RLIMIT_FSIZE, &unlimited), 0);
        assert_false(batch_manifest_close(writer, &err));
        assert_true(failed_at > 0);
        assert_non_null(strstr(err.message, "cannot write"));
        /* the file is the whole records before the failed one, exactly */
        char *text = NULL;
        size_t size = 0;
        assert_true(g_file_get_contents(path, &text, &size, NULL));
        size_t expected = record_start(whole, length, failed_at);
        if (size != expected || memcmp(text, whole, size) != 0)
            fail_msg("limit %zu: %zu bytes written, expected the %zu of whole records",
                     limit, size, expected);
        g_free(text);
        int rows[RECORDS];
        assert_int_equal(read_rows(path, rows), failed_at - 1);
    }
    g_free(path);
    g_free(whole);
}

static void test_reader_drops_torn_last_record(void **state)
{
    (void)state;
    size_t length = 0;
    char *whole = whole_manifest(&length);
    char *path = g_build_filename(folder, "torn.csv", NULL);
    size_t last = record_start(whole, length, RECORDS);
    /* cut at every byte of the last record, its line break included:
       records 1 to RECORDS - 1 are read, the torn one is not */
    for (size_t cut = last; cut < length; cut++) {
        assert_true(g_file_set_contents(path, whole, (gssize)cut, NULL));
        int rows[RECORDS];
        int count = read_rows(path, rows);
        if (count != RECORDS - 1)
            fail_msg("cut at %zu: %d records read, expected %d", cut, count, RECORDS - 1);
        for (int i = 0; i < count; i++)
            assert_int_equal(rows[i], i + 1);
    }
    /* a torn record followed by whole ones, as older versions wrote after
       a failed write (the torn part and the next record on one line): the
       line is dropped and the rest read, for a cut at every byte of the
       record after its row number (a cut inside the number would make
       another number, which only the order of rows can reveal) */
    size_t second = record_start(whole, length, 2), third = record_start(whole, length, 3);
    size_t after_number = (size_t)(strchr(whole + second, ',') - whole) + 1;
    for (size_t cut = after_number; cut < third - 1; cut++) {
        GString *glued = g_string_new_len(whole, (gssize)cut);
        g_string_append_len(glued, whole + third, (gssize)(length - third));
        assert_true(g_file_set_contents(path, glued->str, (gssize)glued->len, NULL));
        g_string_free(glued, TRUE);
        int rows[RECORDS];
        int count = read_rows(path, rows);
        /* record 1 is read and record 2 is not; a cut inside record 2's
           quoted error text swallows the lines up to the next quote, and
           those rows are redone too */
        if (count < 1 || rows[0] != 1)
            fail_msg("torn record 2 glued to record 3 at %zu: %d records read", cut, count);
        for (int i = 1; i < count; i++)
            if (rows[i] <= 2)
                fail_msg("torn record 2 glued to record 3 at %zu: row %d read", cut, rows[i]);
    }
    g_free(path);
    g_free(whole);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_writer_stops_at_first_failed_write),
        cmocka_unit_test(test_reader_drops_torn_last_record),
    };
    return cmocka_run_group_tests(tests, set_up, tear_down);
}
