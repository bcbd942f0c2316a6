/* feed — a loaded feed: settings plus items, from an XML or JSON file.
 * A feed is immutable once loaded; the player swaps whole feeds by pointer. */
#ifndef VITRINE_MODEL_FEED_H
#define VITRINE_MODEL_FEED_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/diag.h"
#include "model/item.h"

typedef struct feed feed_t;

/* Size limits for untrusted feeds (see docs/security.md). */
#define FEED_MAX_BYTES  (16u << 20) /* 16 MiB */
#define FEED_MAX_ITEMS  100000
#define FEED_MAX_STRING (64u << 10) /* 64 KiB per text value */

/* Memory bounds, so that any feed `check` accepts plays inside the unit's
 * MemoryMax=400M with room for pictures (docs/performance.md): a loaded
 * model takes at most FEED_MAX_MEMORY; reading a file may take at most
 * FEED_MAX_PARSE_MEMORY more while it lasts (the whole tree of an XML
 * document that is not well-formed, parsed again for its messages; a valid
 * feed, XML or JSON, is read one item at a time). The player holds two
 * models at a swap. */
#define FEED_MAX_MEMORY       (64u << 20)
#define FEED_MAX_PARSE_MEMORY (160u << 20)

/* XML elements may hold at most this many attributes (a feed uses one or
 * two) and names this long: checked before libxml2 reads the document. */
#define FEED_MAX_XML_ATTRS 16
#define FEED_MAX_XML_NAME  64

/* Loads a feed from a file; the format (XML or JSON) is detected from its
 * first non-blank character. Every problem found goes to diag as
 * "FILE:LINE: message". Returns the feed, or NULL when there was any problem
 * (the caller keeps its last good feed). The caller frees with feed_free. */
feed_t *feed_load(const char *path, diag_t *diag);

/* Same, from memory; name is used in messages and base_dir resolves relative
 * image paths (NULL: the current directory). */
feed_t *feed_load_mem(const char *buf, size_t len, const char *name, const char *base_dir,
                      diag_t *diag);

/* The settings of a feed that gives none (docs/feed-format.md). */
void feed_default_settings(struct feed_settings *out);

/* A feed with default settings and no items (the player's empty start). */
feed_t *feed_create_empty(void);

/* Frees the feed and every item, string and array in it. NULL is a no-op. */
void feed_free(feed_t *f);

/* The number of items; the i-th in file order (NULL past the end); the
 * settings. All owned by the feed and valid until feed_free. */
size_t feed_count(const feed_t *f);
const struct item *feed_item(const feed_t *f, size_t i);
const struct feed_settings *feed_settings(const feed_t *f);

/* The item with this id, or NULL. */
const struct item *feed_find(const feed_t *f, const char *id);

/* The bytes the loaded feed takes in memory: its arena, item table and
 * index (what FEED_MAX_MEMORY bounds). */
size_t feed_memory(const feed_t *f);

/* The folder relative paths in the feed resolve against. */
const char *feed_dir(const feed_t *f);

/* Writes the model as canonical JSON (fixed key order, defaults included, no
 * source positions), so that a feed and its twin in the other format give
 * byte-identical output. Returns 0, or -1 on a write error. */
int feed_dump(const feed_t *f, FILE *out);

/* A fingerprint of the canonical dump: two feeds with the same digest
 * play alike. Lets a caller tell a changed model without keeping its dump
 * (which takes more than the model). Returns 0, or -1 (out undefined). */
struct feed_digest {
    uint64_t h[2];
};
int feed_digest(const feed_t *f, struct feed_digest *out);

#endif
