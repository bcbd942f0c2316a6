/* overlay — staff keep the last word over what the tourism database says.
 * The office's own (native) feed is laid over an imported feed:
 *   - its items are added to the imported ones;
 *   - an item whose id is an imported id replaces that item entirely;
 *   - its optional "overrides" section changes imported items field by
 *     field (any item field: a price, a weight, from/until for a promo...)
 *     or hides them ("hide": true), naming them by id.
 * The SIT stays the source of truth, re-imported as often as it changes;
 * the overrides survive each re-import. Syntax: docs/feed-format.md,
 * "Overriding imported items". */
#ifndef VITRINE_MODEL_OVERLAY_H
#define VITRINE_MODEL_OVERLAY_H

#include <stddef.h>

#include "model/diag.h"
#include "model/feed.h"

typedef struct overlay overlay_t;

/* Reads the overrides section of a native feed, XML or JSON (detected from
 * the first non-blank character). A feed without one gives an empty
 * overlay. Returns NULL, with messages on diag, when the section is
 * malformed. The caller frees with overlay_free. */
overlay_t *overlay_load_mem(const char *buf, size_t len, const char *name, diag_t *diag);
overlay_t *overlay_load(const char *path, diag_t *diag);
void overlay_free(overlay_t *ov);

/* Number of overrides. */
size_t overlay_count(const overlay_t *ov);

/* Builds a new feed: the imported items with the overrides applied (hidden
 * ones left out; those that native replaces left out), then native's items,
 * with native's settings (imported's when native is NULL). native and ov may be NULL. An override
 * naming no imported item is reported as a warning in the log only (the database may have dropped
 * the object). Returns NULL when an override field is invalid (reported on diag as FILE:LINE). The
 * inputs are not changed. */
feed_t *overlay_apply(const feed_t *imported, const feed_t *native, const overlay_t *ov,
                      diag_t *diag);

/* Loads the native feed at path and its overrides, and applies both. */
feed_t *overlay_apply_file(const feed_t *imported, const char *path, diag_t *diag);

#endif
