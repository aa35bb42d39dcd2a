/* Test hooks of the test build of the CLI (pliego-test-hooks, never
 * installed): PLIEGO_BATCH_TEST_CRASH=ID makes a batch worker raise SIGSEGV
 * on the row of customer ID, PLIEGO_BATCH_TEST_HANG=ID makes it sleep there
 * for ever. tests/batch/crash.sh uses them to check that one row's crash or
 * hang costs that row only. They live here, not in libpliego, so that the
 * shipped library and CLI cannot be made to crash by the environment. */
#include <glib.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"

void cli_test_before_row(const char *customer_id)
{
    const char *crash = g_getenv("PLIEGO_BATCH_TEST_CRASH");
    const char *hang = g_getenv("PLIEGO_BATCH_TEST_HANG");
    if (customer_id && crash && strcmp(customer_id, crash) == 0)
        raise(SIGSEGV);
    if (customer_id && hang && strcmp(customer_id, hang) == 0)
        for (;;)
            pause();
}
