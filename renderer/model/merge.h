/* merge — the one feed the player shows, made of several sources (the
 * configured feeds, then the drop folder): settings from the first source,
 * items concatenated in order. Relative image paths are rewritten against
 * their own feed's folder, so the merged feed resolves them from the current
 * directory; images given as URLs may be mapped to local cached copies. */
#ifndef VITRINE_MODEL_MERGE_H
#define VITRINE_MODEL_MERGE_H

#include <stddef.h>

#include "model/diag.h"
#include "model/feed.h"

/* Maps an image URL of source i to the path to show instead (a heap string
 * the merge frees), or NULL to keep the URL. */
typedef char *(*merge_image_fn)(void *ctx, size_t source, const char *url);

/* Merges feeds[0..n) (NULL entries, sources with no good copy yet, are
 * skipped). An id already taken by an earlier source is dropped with a
 * warning in diag naming both places. Returns a new feed the caller frees;
 * never NULL (an empty feed when there is nothing). The inputs are only read. */
feed_t *merge_feeds(const feed_t *const *feeds, size_t n, merge_image_fn map, void *ctx,
                    diag_t *diag);

/* f as the player shows it when it is the only source: merge_feeds of f
 * alone, so that `check` and `render` leave out the same items as the player,
 * for the same reasons (in diag). The caller frees the result; never NULL. */
feed_t *merge_alone(const feed_t *f, diag_t *diag);

/* The number of items of f that merge_alone would leave out, with the same
 * messages in diag, without copying the feed (what `check` needs). */
size_t merge_left_out(const feed_t *f, diag_t *diag);

#endif
