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

/* The path to use for an image of source i: URLs through map, relative paths
 * joined with the source feed's folder. A local file that leads outside that
 * folder (through a symbolic link) gives NULL and sets *refused, with the
 * reason in err. */
static const char *copy_image(arena_t *a, const feed_t *src, size_t i, const char *image,
                              merge_image_fn map, void *ctx, bool *refused, char *err,
                              size_t errsz)
{
    *refused = false;
    if (!image)
        return NULL;
    /* A feed fetched from a URL has that URL's folder as its folder, so its
     * relative images become URLs too. */
    const char *dir = feed_dir(src);
    if (!is_url(image) && !(dir && is_url(dir))) {
        char *real;
        if (path_contain(dir, image, &real, err, errsz) == PATH_OUTSIDE) {
            *refused = true;
            return NULL;
        }
        free(real);
    }
    char *full = is_url(image) || image[0] == '/' || !dir || !*dir || !strcmp(dir, ".")
                     ? xstrdup(image)
                     : xasprintf("%s/%s", dir, image);
    char *local = is_url(full) && map ? map(ctx, i, full) : NULL;
    const char *r = arena_strdup(a, local ? local : full);
    free(local);
    free(full);
    return r;
}

/* copy_image for an image the slide can do without (a logo, a portrait or
 * landscape variant): a refused one is left out with a message in diag. */
static const char *other_image(arena_t *a, const feed_t *src, size_t i, const char *image,
                               merge_image_fn map, void *ctx, diag_t *diag, const char *where,
                               int line)
{
    bool refused;
    char err[512];
    const char *r = copy_image(a, src, i, image, map, ctx, &refused, err, sizeof err);
    if (refused)
        diag_add(diag, where, line, "image %s; the slide is shown without it", err);
    return r;
}

static void copy_settings(fb_t *b, const feed_t *f, diag_t *diag)
{
    fb_copy_settings(b, feed_settings(f));
    struct feed_settings *s = fb_settings(b);
    bool refused;
    char err[512];
    s->logo = copy_image(fb_arena(b), f, 0, feed_settings(f)->logo, NULL, NULL, &refused, err,
                         sizeof err);
    if (refused)
        diag_add(diag, "logo", 0, "image %s; the slides are shown without it", err);
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
            /* One bad item costs that item only: a poster is its image, so
             * one whose image is refused is left out; any other item shows
             * without it. */
            bool refused;
            char err[512];
            const char *image =
                copy_image(fb_arena(b), f, i, src->image, map, ctx, &refused, err, sizeof err);
            const char *where = src->file ? src->file : "feed";
            if (refused && src->kind == KIND_POSTER) {
                diag_add(diag, where, src->line, "poster '%s' is left out: image %s", src->id,
                         err);
                continue;
            }
            if (refused)
                diag_add(diag, where, src->line, "image %s; the slide is shown without it", err);
            struct item *it = fb_add_item(b, src->kind, src->id, src->line);
            if (!it)
                break;
            fb_copy_item(b, it, src);
            it->image = image;
            if (src->alt) {
                struct item_images *alt = arena_alloc(fb_arena(b), sizeof *alt);
                alt->portrait = other_image(fb_arena(b), f, i, src->alt->portrait, map, ctx, diag,
                                            where, src->line);
                alt->landscape = other_image(fb_arena(b), f, i, src->alt->landscape, map, ctx,
                                             diag, where, src->line);
                alt->has_focus = src->alt->has_focus;
                alt->focus_x = src->alt->focus_x;
                alt->focus_y = src->alt->focus_y;
                it->alt = alt;
            }
            /* Films are not cached: one from a fetched feed streams from its URL. */
            it->video =
                other_image(fb_arena(b), f, i, src->video, NULL, NULL, diag, where, src->line);
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
