/* content — one feed from the configured sources, the drop folder and the
 * overlays (see content.h). */
#include "model/content.h"

#include <stdbool.h>
#include <stdlib.h>

#include "model/dropfolder.h"
#include "model/util.h"

feed_t *content_merge(const feed_t *const *feeds, overlay_t *const *ovs, size_t n,
                      const feed_t *drop, merge_image_fn map, void *ctx, diag_t *diag)
{
    const feed_t **all = xcalloc(n + 1, sizeof *all);
    for (size_t i = 0; i < n; i++)
        all[i] = feeds[i];
    all[n] = drop;
    feed_t *merged = merge_feeds(all, n + 1, map, ctx, diag);
    free(all);
    /* The office's overrides of items imported from its tourism database
     * (docs/importers.md), whichever source they came from. */
    for (size_t i = 0; ovs && i < n; i++) {
        if (!ovs[i])
            continue;
        feed_t *o = overlay_apply(merged, NULL, ovs[i], diag);
        if (o) {
            feed_free(merged);
            merged = o;
        }
    }
    return merged;
}

feed_t *content_load(const struct config *cfg, int64_t now_ms, content_url_fn url, void *ctx,
                     diag_t *diag, size_t *failed)
{
    size_t n = (size_t)cfg->nsources, bad = 0;
    feed_t **feeds = xcalloc(n ? n : 1, sizeof *feeds);
    overlay_t **ovs = xcalloc(n ? n : 1, sizeof *ovs);
    for (size_t i = 0; i < n; i++) {
        const char *src = cfg->sources[i];
        char *copy = NULL;
        if (config_is_url(src)) {
            copy = url ? url(ctx, src) : NULL;
            if (!copy)
                continue; /* no copy yet: the player shows the others too */
        }
        feeds[i] = feed_load(copy ? copy : src, diag);
        if (feeds[i])
            ovs[i] = overlay_load(copy ? copy : src, diag);
        else
            bad++;
        if (ovs[i] && !overlay_count(ovs[i])) {
            overlay_free(ovs[i]);
            ovs[i] = NULL;
        }
        free(copy);
    }
    feed_t *posters = NULL;
    if (cfg->drop && *cfg->drop) {
        drop_t *d = drop_create(cfg->drop, cfg->screen);
        bool pending = false;
        posters = drop_scan(d, now_ms, &pending, diag);
        drop_free(d);
    }
    feed_t *merged =
        content_merge((const feed_t *const *)feeds, ovs, n, posters, NULL, NULL, diag);
    for (size_t i = 0; i < n; i++) {
        feed_free(feeds[i]);
        overlay_free(ovs[i]);
    }
    feed_free(posters);
    free(feeds);
    free(ovs);
    if (failed)
        *failed = bad;
    return merged;
}
