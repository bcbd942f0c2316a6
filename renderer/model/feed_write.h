/* feed_write — writes a feed back as a native feed (docs/feed-format.md),
 * in XML or JSON, for staff who prefer to edit what an import produced.
 * Only the fields an item has are written, in the order of the format, so
 * the output loads again as the same model. */
#ifndef VITRINE_MODEL_FEED_WRITE_H
#define VITRINE_MODEL_FEED_WRITE_H

#include <stdio.h>

#include "model/feed.h"

/* Writes f as a native JSON feed. Returns 0, or -1 on a write error. */
int feed_write_json(const feed_t *f, FILE *out);

/* Writes f as a native XML feed. Returns 0, or -1 on a write error. */
int feed_write_xml(const feed_t *f, FILE *out);

#endif
