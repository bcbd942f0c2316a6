#include "model/merge.h"

#include <stdlib.h>
#include <string.h>

#include "model/arena.h"
#include "model/feed_build.h"
#include "model/path.h"
#include "model/util.h"

static void copy_tr(arena_t *a, tr_text *t)
{
    for (int l = 0; l < LANG_COUNT; l++)
        t->s[l] = arena_strdup(a, t->s[l]);
}

static bool is_url(const char *s)
{
    return str_starts(s, "http://") || str_starts(s, "https://");
}

/* The path to use for an image of source i: URLs through map, relative paths
 * joined with the source feed's folder. A local file that leads outside that
 * folder (through a symbolic link) is dropped with a message in diag at
 * file:line, and the slide shows without it. */
static const char *copy_image(arena_t *a, const feed_t *src, size_t i, const char *image,
                              merge_image_fn map, void *ctx, diag_t *diag, const char *file,
                              int line)
{
    if (!image)
        return NULL;
    /* A feed fetched from a URL has that URL's folder as its folder, so its
     * relative images become URLs too. */
    const char *dir = feed_dir(src);
    if (!is_url(image) && !(dir && is_url(dir))) {
        char *real, err[512];
        if (path_contain(dir, image, &real, err, sizeof err) == PATH_OUTSIDE) {
            if (diag)
                diag_add(diag, file ? file : "feed", line, "image %s; the slide is shown "
                         "without it", err);
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

static void copy_item(arena_t *a, struct item *it, const struct item *src, const feed_t *f,
                      size_t i, merge_image_fn map, void *ctx, diag_t *diag)
{
    const char *id = it->id; /* the builder's own copy */
    *it = *src;
    it->id = id;
    it->file = arena_strdup(a, src->file);
    copy_tr(a, &it->title);
    copy_tr(a, &it->subtitle);
    copy_tr(a, &it->body);
    copy_tr(a, &it->category);
    copy_tr(a, &it->venue);
    it->image = copy_image(a, f, i, src->image, map, ctx, diag, src->file, src->line);
    it->url = arena_strdup(a, src->url);
    it->partner = arena_strdup(a, src->partner);
    it->address = arena_strdup(a, src->address);
    it->phone = arena_strdup(a, src->phone);
    it->organiser = arena_strdup(a, src->organiser);
    it->event = arena_strdup(a, src->event);
    if (src->sched.nscreens > 0) {
        const char **s = arena_alloc(a, (size_t)src->sched.nscreens * sizeof *s);
        for (int k = 0; k < src->sched.nscreens; k++)
            s[k] = arena_strdup(a, src->sched.screens[k]);
        it->sched.screens = s;
    }
    if (src->nprices > 0) {
        struct price *p = arena_alloc(a, (size_t)src->nprices * sizeof *p);
        for (int k = 0; k < src->nprices; k++) {
            p[k] = src->prices[k];
            copy_tr(a, &p[k].label);
        }
        it->prices = p;
    }
}

static void copy_settings(arena_t *a, struct feed_settings *dst, const feed_t *f,
                          diag_t *diag)
{
    *dst = *feed_settings(f);
    copy_tr(a, &dst->office);
    dst->timezone = arena_strdup(a, dst->timezone);
    dst->logo = copy_image(a, f, 0, dst->logo, NULL, NULL, diag, "logo", 0);
}

feed_t *merge_feeds(const feed_t *const *feeds, size_t n, merge_image_fn map, void *ctx,
                    diag_t *diag)
{
    fb_t *b = fb_create("merged feed", NULL, diag);
    arena_t *a = fb_arena(b);
    bool settings_done = false;
    for (size_t i = 0; i < n; i++) {
        const feed_t *f = feeds[i];
        if (!f)
            continue;
        if (!settings_done) {
            copy_settings(a, fb_settings(b), f, diag);
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
                         "give it another id", src->id, first->file ? first->file : "feed",
                         first->line);
                continue;
            }
            struct item *it = fb_add_item(b, src->kind, src->id, src->line);
            if (!it)
                break;
            copy_item(a, it, src, f, i, map, ctx, diag);
        }
    }
    feed_t *out = fb_finish(b);
    return out ? out : feed_create_empty();
}
