/* content — what a screen plays, as one feed: the configured sources, the
 * drop folder and the office's overlays, merged the way the player merges
 * them. The player's loader (play/reload.c) keeps each source's last good
 * copy and merges through content_merge; `vitrine schedule`, `vitrine
 * render` and the console load everything at once through content_load, so
 * that they tell what the screen will do. */
#ifndef VITRINE_MODEL_CONTENT_H
#define VITRINE_MODEL_CONTENT_H

#include <stddef.h>
#include <stdint.h>

#include "model/config.h"
#include "model/diag.h"
#include "model/feed.h"
#include "model/merge.h"
#include "model/overlay.h"

/* Merges the sources' feeds[0..n) (NULL: no good copy) and the drop
 * folder's posters (drop, may be NULL), then applies each source's overlay
 * (ovs, may be NULL, or hold NULLs) to the result. map and ctx as for
 * merge_feeds. Returns a new feed, never NULL; problems go to diag. */
feed_t *content_merge(const feed_t *const *feeds, overlay_t *const *ovs, size_t n,
                      const feed_t *drop, merge_image_fn map, void *ctx, diag_t *diag);

/* Maps a URL source to the file holding its copy (a heap string), or NULL
 * when there is none yet. */
typedef char *(*content_url_fn)(void *ctx, const char *url);

/* Loads what cfg names at wall-clock time now_ms (for the drop folder's
 * file times): each source (a URL through url, NULL: URLs are left out),
 * the drop folder for cfg's screen, the overlays, merged. A source that
 * fails is left out with its problems in diag; *failed (may be NULL)
 * counts them. Returns the merged feed (never NULL); the caller frees it. */
feed_t *content_load(const struct config *cfg, int64_t now_ms, content_url_fn url, void *ctx,
                     diag_t *diag, size_t *failed);

#endif
