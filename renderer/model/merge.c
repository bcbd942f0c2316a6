#include "model/merge.h"

#include <stdlib.h>
#include <string.h>

#include "model/arena.h"
#include "model/feed_build.h"
#include "model/path.h"
#include "model/util.h"

static bool is_url(const char *s)
{
    return str_starts(s, "http://") || str_starts(s, "https://");
}

/* Whether image of feed src is refused: a local file that leads outside the
 * feed's folder (through a symbolic link), with the reason in err. URLs, and
 * relative paths of a feed fetched from a URL (its folder is that URL's),
 * are never refused. */
static bool image_refused(const feed_t *src, const char *image, char *err, size_t errsz)
{
    const char *dir = feed_dir(src);
    if (!image || is_url(image) || (dir && is_url(dir)))
        return false;
    char *real;
    if (path_contain(dir, image, &real, err, errsz) == PATH_OUTSIDE)
        return true;
    free(real);
    return false;
}

/* The path to use for an image of source i (not refused): URLs through map,
 * relative paths joined with the source feed's folder. */
static const char *copy_image(arena_t *a, const feed_t *src, size_t i, const char *image,
                              merge_image_fn map, void *ctx)
{
    if (!image)
        return NULL;
    const char *dir = feed_dir(src);
    char *full = is_url(image) || image[0] == '/' || !dir || !*dir || !strcmp(dir, ".")
                     ? xstrdup(image)
                     : xasprintf("%s/%s", dir, image);
    char *local = is_url(full) && map ? map(ctx, i, full) : NULL;
    const char *r = arena_strdup(a, local ? local : full);
    free(local);
    free(full);
    return r;
}

/* The images of an item that are refused, one flag each. */
struct refused {
    bool image, portrait, landscape, video;
};

/* The one check of an item's images, for merge_feeds and merge_left_out:
 * fills r and says each refusal in diag. A poster is its image or its film,
 * so one left with neither is left out (returns false); any other item
 * shows without the refused images (returns true). */
static bool item_kept(const feed_t *f, const struct item *src, diag_t *diag, struct refused *r)
{
    char err[4][512];
    const char *where = src->file ? src->file : "feed";
    const char *path[4] = {src->image, src->alt ? src->alt->portrait : NULL,
                           src->alt ? src->alt->landscape : NULL, src->video};
    bool *flag[4] = {&r->image, &r->portrait, &r->landscape, &r->video};
    *r = (struct refused){0};
    for (int k = 0; k < 4; k++)
        *flag[k] = image_refused(f, path[k], err[k], sizeof err[k]);
    bool shows = (src->image && !r->image) || (src->video && !r->video);
    if (src->kind == KIND_POSTER && !shows) {
        int k = r->image ? 0 : 3;
        diag_add(diag, where, src->line, "poster '%s' is left out: %s %s", src->id,
                 k ? "video" : "image", err[k]);
        return false;
    }
    for (int k = 0; k < 4; k++)
        if (*flag[k])
            diag_add(diag, where, src->line, "%s %s; the slide is shown without it",
                     k == 3 ? "video" : "image", err[k]);
    return true;
}

/* Whether the feed's logo is kept; a refused one is said in diag. */
static bool logo_kept(const feed_t *f, diag_t *diag)
{
    char err[512];
    if (!image_refused(f, feed_settings(f)->logo, err, sizeof err))
        return true;
    diag_add(diag, "logo", 0, "image %s; the slides are shown without it", err);
    return false;
}

static void copy_settings(fb_t *b, const feed_t *f, diag_t *diag)
{
    fb_copy_settings(b, feed_settings(f));
    struct feed_settings *s = fb_settings(b);
    s->logo = logo_kept(f, diag)
                  ? copy_image(fb_arena(b), f, 0, feed_settings(f)->logo, NULL, NULL)
                  : NULL;
}

feed_t *merge_feeds(const feed_t *const *feeds, size_t n, merge_image_fn map, void *ctx,
                    diag_t *diag)
{
    fb_t *b = fb_create("merged feed", NULL, diag);
    fb_set_unbounded(b); /* each source was bounded when it was loaded */
    bool settings_done = false;
    for (size_t i = 0; i < n; i++) {
        const feed_t *f = feeds[i];
        if (!f)
            continue;
        if (!settings_done) {
            copy_settings(b, f, diag);
            settings_done = true;
        }
        for (size_t k = 0; k < feed_count(f); k++) {
            const struct item *src = feed_item(f, k);
            const struct item *first = NULL;
            for (size_t j = 0; j < i && !first; j++)
                first = feeds[j] ? feed_find(feeds[j], src->id) : NULL;
            if (first) {
                diag_add(diag, src->file ? src->file : "feed", src->line,
                         "id '%s' is already used at %s:%d; this item is left out, "
                         "give it another id",
                         src->id, first->file ? first->file : "feed", first->line);
                continue;
            }
            struct refused r;
            if (!item_kept(f, src, diag, &r))
                continue;
            struct item *it = fb_add_item(b, src->kind, src->id, src->line);
            if (!it)
                break;
            fb_copy_item(b, it, src);
            arena_t *a = fb_arena(b);
            it->image = r.image ? NULL : copy_image(a, f, i, src->image, map, ctx);
            if (src->alt) {
                struct item_images *alt = arena_alloc(a, sizeof *alt);
                alt->portrait =
                    r.portrait ? NULL : copy_image(a, f, i, src->alt->portrait, map, ctx);
                alt->landscape =
                    r.landscape ? NULL : copy_image(a, f, i, src->alt->landscape, map, ctx);
                alt->has_focus = src->alt->has_focus;
                alt->focus_x = src->alt->focus_x;
                alt->focus_y = src->alt->focus_y;
                it->alt = alt;
            }
            /* Films are not cached: one from a fetched feed streams from its URL. */
            it->video = r.video ? NULL : copy_image(a, f, i, src->video, NULL, NULL);
        }
    }
    feed_t *out = fb_finish(b);
    return out ? out : feed_create_empty();
}

feed_t *merge_alone(const feed_t *f, diag_t *diag)
{
    const feed_t *one[1] = {f};
    return merge_feeds(one, 1, NULL, NULL, diag);
}

size_t merge_left_out(const feed_t *f, diag_t *diag)
{
    logo_kept(f, diag);
    size_t out = 0;
    for (size_t k = 0; k < feed_count(f); k++) {
        struct refused r;
        out += !item_kept(f, feed_item(f, k), diag, &r);
    }
    return out;
}
