/*
 * Content widths for table-layout="auto": how narrow a cell's content can
 * get (its widest word, or hyphenated part) and how wide it is when no
 * line wraps. Both come from laying the content out for real, once for a
 * width too wide to wrap and once for a width too narrow for any two
 * words, so they see the same fonts, indents and hyphenation as the
 * final layout does.
 */
#include <math.h>

#include "layout.h"

/* Wider than any page: no line wraps. */
#define UNWRAPPED 1.0e6
/* Narrower than any word: every break opportunity is taken. */
#define NARROWEST 1.0

/* The right edge of the widest line in list; false when it holds content
 * whose width is not its lines'. */
static bool widest_line(const layout_items *list, double *width)
{
    *width = 0;
    for (int i = 0; i < list->count; i++) {
        const layout_item *item = &list->items[i];
        switch (item->kind) {
        case ITEM_LINE:
            *width = fmax(*width, inline_line_right(item->paragraph, item->line_index));
            break;
        case ITEM_TABLE:
            return false;
        case ITEM_START:
            if (item->block->reference)
                return false;
            if (item->block->attached) {
                double label;
                if (!widest_line(item->block->attached, &label))
                    return false;
                *width = fmax(*width, label);
            }
            break;
        default:
            break;
        }
    }
    return true;
}

bool layout_measure(layout_context *ctx, const layout_placement *at,
                    const fo_node *node, double *min, double *max)
{
    layout_items wide = {0}, narrow = {0};
    *min = *max = 0;
    if (!flow_flatten(ctx, at, node, 0, UNWRAPPED, &wide) ||
        !flow_flatten(ctx, at, node, 0, NARROWEST, &narrow))
        return false;
    if (!widest_line(&wide, max) || !widest_line(&narrow, min))
        return false;
    /* hyphenation or a long word can make the narrow layout the wider */
    *max = fmax(*max, *min);
    return true;
}
