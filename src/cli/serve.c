/* pliego serve: the local web application (src/serve/, docs/serve.md).
 *
 *   pliego serve [--listen HOST:PORT] [--catalog DIR] [--templates DIR]
 *       [--web DIR] [--customers FILE] [--compare-catalog DIR]
 *       [--workers N] [--queue N] [--deadline SECONDS]
 *       [--max-connections N] [--max-per-ip N] [--timeout SECONDS]
 *       [--connection-memory KIB] [-q]
 *
 * Runs until SIGINT or SIGTERM. Exit status: 0 stopped by a signal, 1
 * usage error, 2 the catalogue, templates, pages or customers cannot be
 * loaded, 3 the address cannot be bound.
 */
#include <glib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/locate.h"
#include "serve/serve.h"

static char *listen_address;
static char *catalog_dir;
static char *compare_catalog_dir;
static char *templates_dir;
static char *web_dir;
static char *customers_path;
static int workers;
static int queue = 32;
static double deadline = 10;
static int max_connections = 512;
static int max_per_ip = 128;
static int timeout = 10;
static int connection_memory = 64;
static gboolean quiet;

static GOptionEntry serve_options_table[] = {
    {"listen", 0, 0, G_OPTION_ARG_STRING, &listen_address,
     "HOST:PORT to listen on (default 127.0.0.1:8080; port 0 picks a free one; "
     "[::1]:PORT for IPv6). Anything but loopback prints a warning: there is no "
     "authentication", "ADDRESS"},
    CLI_OPTION_CATALOG(catalog_dir),
    CLI_OPTION_TEMPLATES(templates_dir, "KIND.xsl and redline.xsl"),
    {"web", 0, 0, G_OPTION_ARG_FILENAME, &web_dir,
     "The pages: index.html, legal.html and their files (default: CATALOG/data/web, else "
     "the installed $datadir/pliego/web)", "DIR"},
    {"customers", 0, 0, G_OPTION_ARG_FILENAME, &customers_path,
     "Customers to pick from in the form: a customer CSV or XML file", "FILE"},
    {"compare-catalog", 0, 0, G_OPTION_ARG_FILENAME, &compare_catalog_dir,
     "A second catalogue (e.g. the next version) that diffs and redlines can compare "
     "with", "DIR"},
    {"workers", 0, 0, G_OPTION_ARG_INT, &workers,
     "Render worker processes (default: one per core)", "N"},
    {"queue", 0, 0, G_OPTION_ARG_INT, &queue,
     "Renders that may wait for a worker; more are answered 503 (default 32)", "N"},
    {"deadline", 0, 0, G_OPTION_ARG_DOUBLE, &deadline,
     "Seconds a request may wait and render; later it is answered 504 (default 10)",
     "SECONDS"},
    {"max-connections", 0, 0, G_OPTION_ARG_INT, &max_connections,
     "Open connections in all; more are closed at once (default 512)", "N"},
    {"max-per-ip", 0, 0, G_OPTION_ARG_INT, &max_per_ip,
     "Open connections from one address, 0 for no limit (default 128)", "N"},
    {"timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
     "Seconds a connection has to send a whole request, and may stay idle (default 10)",
     "SECONDS"},
    {"connection-memory", 0, 0, G_OPTION_ARG_INT, &connection_memory,
     "KiB of buffers per connection, which bounds the request line and headers "
     "(default 64)", "KIB"},
    {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Do not log each request", NULL},
    {NULL, 0, 0, 0, NULL, NULL, NULL}};

static volatile sig_atomic_t stop_signal;

static void on_stop(int signal_number)
{
    stop_signal = signal_number;
}

static int usage_error(const char *message)
{
    fprintf(stderr, "pliego serve: %s\n", message);
    return EXIT_USAGE;
}

/* HOST:PORT, [V6]:PORT or :PORT into host (g_free) and port. */
static bool parse_listen(const char *text, char **host, int *port)
{
    const char *colon = strrchr(text, ':');
    if (!colon)
        return false;
    char *end = NULL;
    gint64 number = g_ascii_strtoll(colon + 1, &end, 10);
    if (!colon[1] || *end || number < 0 || number > 65535)
        return false;
    *port = (int)number;
    if (text[0] == '[' && colon > text && colon[-1] == ']')
        *host = g_strndup(text + 1, (gsize)(colon - text - 2));
    else if (colon == text)
        *host = g_strdup("127.0.0.1");
    else
        *host = g_strndup(text, (gsize)(colon - text));
    return true;
}

int cli_serve(int argc, char **argv)
{
    GOptionContext *context =
        g_option_context_new("- serve the web pages: customer form, live preview, PDF, "
                             "variants and redlines");
    g_option_context_add_main_entries(context, serve_options_table, NULL);
    g_option_context_set_description(
        context, "Exit status: 0 stopped by a signal, 1 usage error, 2 bad input "
                 "(catalogue, templates, pages, customers), 3 cannot listen. See man "
                 "pliego-serve and docs/serve.md.");
    GError *error = NULL;
    if (!g_option_context_parse(context, &argc, &argv, &error)) {
        fprintf(stderr, "pliego serve: %s\n", error->message);
        g_error_free(error);
        g_option_context_free(context);
        return EXIT_USAGE;
    }
    g_option_context_free(context);
    char *host = NULL;
    int port = 0;
    if (argc > 1)
        return usage_error("unexpected argument; see pliego serve --help");
    if (!parse_listen(listen_address ? listen_address : "127.0.0.1:8080", &host, &port))
        return usage_error("--listen must be HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080");
    const char *usage = NULL;
    if (workers < 0 || workers > 64)
        usage = "--workers must be between 1 and 64";
    else if (queue < 1 || queue > 100000)
        usage = "--queue must be between 1 and 100000";
    else if (!(deadline >= 0.1 && deadline <= 3600))
        usage = "--deadline must be between 0.1 and 3600 seconds";
    else if (max_connections < 1 || max_connections > 100000)
        usage = "--max-connections must be between 1 and 100000";
    else if (max_per_ip < 0)
        usage = "--max-per-ip must be 0 (no limit) or more";
    else if (timeout < 1 || timeout > 3600)
        usage = "--timeout must be between 1 and 3600 seconds";
    else if (connection_memory < 8 || connection_memory > 65536)
        usage = "--connection-memory must be between 8 and 65536 KiB";
    if (usage) {
        g_free(host);
        return usage_error(usage);
    }
    cli_catalog found = {0};
    pliego_error err = {0};
    if (!cli_locate_catalog(catalog_dir, &found, &err)) {
        g_free(host);
        pliego_error_print(&err, stderr);
        return EXIT_INPUT;
    }
    char *templates = cli_locate_templates(templates_dir, found.catalog);
    char *web = cli_locate_web(web_dir, found.catalog);
    serve_options options = {
        .host = host, .port = port, .catalog_dir = found.catalog,
        .compare_catalog_dir = compare_catalog_dir, .templates_dir = templates,
        .web_dir = web, .customers_path = customers_path,
        .workers = workers > 0 ? workers : (int)g_get_num_processors(),
        .queue = queue, .deadline = deadline, .max_connections = (unsigned)max_connections,
        .max_per_ip = (unsigned)max_per_ip, .timeout = (unsigned)timeout,
        .connection_memory = (size_t)connection_memory * 1024, .quiet = quiet,
        .stop = &stop_signal,
    };
    struct sigaction stop = {.sa_handler = on_stop};
    struct sigaction ignore = {.sa_handler = SIG_IGN};
    sigaction(SIGINT, &stop, NULL);
    sigaction(SIGTERM, &stop, NULL);
    /* a client or worker gone mid-write is an error to handle, not a death */
    sigaction(SIGPIPE, &ignore, NULL);
    int status = serve_run(&options);
    g_free(web);
    g_free(templates);
    g_free(found.catalog);
    g_free(host);
    return status;
}
