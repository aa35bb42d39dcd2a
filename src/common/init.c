/* Process-wide initialisation of the libraries under libpliego (init.h). */
#include "common/init.h"

#include <glib.h>
#include <libxml/parser.h>

void pliego_init_once(void)
{
    static gsize done;
    if (g_once_init_enter(&done)) {
        xmlInitParser();
        g_once_init_leave(&done, 1);
    }
}
