/* The pliego commands, one function per command (src/cli/NAME.c), each
 * taking the arguments after the command name (argv[0] is the command)
 * and returning the process exit status. */
#ifndef PLIEGO_CLI_COMMANDS_H
#define PLIEGO_CLI_COMMANDS_H

#include "batch/batch.h"

enum { EXIT_USAGE = 1, EXIT_INPUT = 2, EXIT_OUTPUT = 3 };

/* The end of every command's --help: its exit statuses. */
#define CLI_EXIT_STATUSES                                                      \
    "Exit status: 0 done, 1 usage error, 2 bad input, 3 output or rendering " \
    "failure. See man pliego."
#define CLI_BATCH_EXIT_STATUSES                                                \
    "Exit status: 0 every row done, 1 some rows failed, 2 the batch could not " \
    "run (usage errors included). See docs/batch.md."

/* The options that name one document the same way in every command that
   takes them (GOptionEntry rows; var is the variable the value goes to). */
#define CLI_OPTION_CUSTOMER(var)                                               \
    {"customer", 0, 0, G_OPTION_ARG_FILENAME, &(var),                          \
     "The customer record: FILE.xml, or FILE.csv with --row", "FILE"}
#define CLI_OPTION_ROW(var)                                                    \
    {"row", 0, 0, G_OPTION_ARG_INT, &(var),                                    \
     "The CSV data row to use (1 is the first after the header)", "N"}
#define CLI_OPTION_DOC(var)                                                    \
    {"doc", 0, 0, G_OPTION_ARG_STRING, &(var),                                 \
     "service-description, cancellation-notice or transfer-notice", "KIND"}
#define CLI_OPTION_LANG(var)                                                   \
    {"lang", 0, 0, G_OPTION_ARG_STRING, &(var),                                \
     "Language tag, e.g. es-MX (default: the customer's, else the country's)", \
     "TAG"}
#define CLI_OPTION_ON(var)                                                     \
    {"on", 0, 0, G_OPTION_ARG_STRING, &(var),                                  \
     "The document date, YYYY-MM-DD (default: today, UTC)", "DATE"}
#define CLI_OPTION_CATALOG(var)                                                \
    {"catalog", 0, 0, G_OPTION_ARG_FILENAME, &(var),                           \
     "The catalogue folder holding regions/ and locales/ (default: "          \
     "$PLIEGO_CATALOG, else . when it holds them, else the installed one)",    \
     "DIR"}
/* files names what the templates folder must hold ("KIND.xsl", ...) */
#define CLI_OPTION_TEMPLATES(var, files)                                       \
    {"templates", 0, 0, G_OPTION_ARG_FILENAME, &(var),                         \
     "The folder holding " files " (default: $PLIEGO_TEMPLATES, else "          \
     "CATALOG/templates, else the installed templates)",                        \
     "DIR"}

int cli_fo2pdf(int argc, char **argv);
int cli_check(int argc, char **argv);
int cli_assemble(int argc, char **argv);
int cli_render(int argc, char **argv);
int cli_batch(int argc, char **argv);
int cli_batch_merge(int argc, char **argv);
int cli_verify(int argc, char **argv);
int cli_variants(int argc, char **argv);
int cli_diff(int argc, char **argv);
int cli_serve(int argc, char **argv);

/* batch_run with the signal handling a batch needs (src/cli/batch.c), for
 * pliego batch and pliego variants. */
int cli_run_batch(batch_options *options);

/* The test build of the CLI (tests/batch/hooks.c, PLIEGO_TEST_HOOKS) calls
 * this in batch workers before each row. */
void cli_test_before_row(const char *customer_id);

#endif
