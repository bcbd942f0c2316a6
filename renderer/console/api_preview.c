/* api_preview — a slide as the screen draws it: draw/ paints the item with
 * the labels sched/ gives it now, exactly as `vitrine render` does, and the
 * PNG is cached under the hash of everything that shapes it (the item, the
 * settings, the theme, the size, the language, the day). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>

#include "console/console_priv.h"
#include "console/draft.h"
#include "console/pcache.h"
#include "draw/image.h"
#include "draw/png.h"
#include "draw/slide.h"
#include "model/config.h"
#include "model/util.h"
#include "sched/sched.h"

#define PREVIEW_LONG  1920
#define PREVIEW_SHORT 1080

struct previewer {
    theme_t *theme;
    drawer_t *drawer[2]; /* landscape, portrait */
    bool failed;
};

void previewer_free(struct previewer *p)
{
    if (!p)
        return;
    for (int i = 0; i < 2; i++)
        drawer_free(p->drawer[i]);
    theme_free(p->theme);
    free(p);
}

static drawer_t *get_drawer(console_t *c, bool portrait)
{
    if (!c->preview)
        c->preview = xcalloc(1, sizeof *c->preview);
    struct previewer *p = c->preview;
    if (!p->theme && !p->failed) {
        diag_t *diag = diag_create();
        p->theme = theme_load(c->theme_dir, diag);
        if (!p->theme) {
            log_msg(LV_ERR, "console: the theme %s does not load: no previews", c->theme_dir);
            diag_print(diag, stderr);
            p->failed = true;
        }
        diag_free(diag);
    }
    if (!p->theme)
        return NULL;
    int i = portrait ? 1 : 0;
    if (!p->drawer[i]) {
        diag_t *diag = diag_create();
        p->drawer[i] = drawer_create(p->theme, portrait ? PREVIEW_SHORT : PREVIEW_LONG,
                                     portrait ? PREVIEW_LONG : PREVIEW_SHORT, diag);
        if (!p->drawer[i])
            diag_print(diag, stderr);
        diag_free(diag);
    }
    return p->drawer[i];
}

struct sched_config console_sched_config(const console_t *c, const char *screen)
{
    /* The player's own mapping (sched_config_from), so that a preview or a
     * timeline schedules as the screen does: without a configuration file,
     * the defaults the player would run with. */
    struct sched_config sc;
    struct config *defaults = c->o.cfg ? NULL : config_defaults();
    sched_config_from(&sc, c->o.cfg ? c->o.cfg : defaults);
    config_free(defaults);
    if (screen && screen[0])
        sc.screen = screen;
    return sc;
}

/* Draws it from feed f into path (PNG, width w or full size). */
static int draw_to(console_t *c, const feed_t *f, const struct item *it, bool portrait,
                   enum lang lang, int w, const char *path, char *err, size_t errsz)
{
    drawer_t *d = get_drawer(c, portrait);
    if (!d) {
        snprintf(err, errsz, "le thème %s ne se charge pas", c->theme_dir);
        return -1;
    }
    struct sched_config cfg = console_sched_config(c, NULL);
    sched_t *s = sched_create(&cfg);
    if (!s) {
        snprintf(err, errsz, "fuseau horaire inconnu");
        return -1;
    }
    sched_set_feed(s, f);
    time_t now = time(NULL);
    struct slide_ctx ctx = {.lang = lang, .lang2 = LANG_COUNT, .now = sched_civil(s, now)};
    struct sched_pick pick;
    sched_describe(s, it, now, lang, &pick);
    ctx.when_label = pick.when_label[0] ? pick.when_label : NULL;
    ctx.status_label = pick.status_label[0] ? pick.status_label : NULL;
    ctx.sold_out = pick.sold_out;
    SDL_Surface *surf = drawer_slide(d, f, it, &ctx);
    sched_free(s);
    if (!surf)
        die("out of memory while drawing a preview");
    if (w > 0 && w < surf->w) {
        int h = (int)((long)surf->h * w / surf->w);
        SDL_Surface *small = image_scale(surf, w, h > 0 ? h : 1);
        SDL_FreeSurface(surf);
        surf = small;
    }
    int rc = png_save(surf, path, err, errsz);
    SDL_FreeSurface(surf);
    /* An idle console holds no fonts: a drawer costs ~15 ms to make again,
     * and its memory is most of what the console would keep. */
    drawer_free(c->preview->drawer[portrait ? 1 : 0]);
    c->preview->drawer[portrait ? 1 : 0] = NULL;
    return rc;
}

static void serve_png(struct rq *q, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0)
            close(fd);
        reply_error(q, 500, "L'aperçu n'a pas pu être lu");
        return;
    }
    http_add_header(q->r, "Cache-Control", "private, max-age=86400");
    http_reply_fd(q->r, 200, "image/png", fd, (uint64_t)st.st_size);
}

struct popts {
    bool portrait;
    enum lang lang;
    int w;
};

static int preview_opts(struct rq *q, struct popts *o)
{
    const char * or = http_arg(q->r, "o"), *lang = http_arg(q->r, "lang"),
                 *w = http_arg(q->r, "w");
    o->portrait = or &&!strcmp(or, "portrait");
    if (or &&!o->portrait && strcmp(or, "landscape")) {
        reply_error(q, 400, "o vaut landscape ou portrait");
        return -1;
    }
    o->lang = LANG_FR;
    if (lang && lang_parse(lang, &o->lang) != 0) {
        reply_error(q, 400, "lang vaut fr, eu, es ou en");
        return -1;
    }
    o->w = 0;
    if (w) {
        char *end;
        long v = strtol(w, &end, 10);
        if (*end || v < 16 || v > PREVIEW_LONG) {
            reply_error(q, 400, "w est une largeur de 16 à %d pixels", PREVIEW_LONG);
            return -1;
        }
        o->w = (int)v;
    }
    return 0;
}

struct alive {
    char **hex;
    size_t n, cap;
};

static void add_alive(struct alive *a, const char *id)
{
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 256;
        a->hex = xrealloc(a->hex, a->cap * sizeof *a->hex);
    }
    a->hex[a->n] = xmalloc(PCACHE_ITEM_HEX + 1);
    pcache_item_hex(id, a->hex[a->n++]);
}

static void alive_import(void *ctx, const cJSON *item, const struct import_origin *from)
{
    (void)from;
    add_alive(ctx, json_str(item, "id") ? json_str(item, "id") : "");
}

void preview_cache_prune(console_t *c, bool gone)
{
    /* Alive: what a preview may be asked of, the draft's items, the
     * published ones (a deletion not yet published) and the imported. */
    struct alive a = {0};
    const cJSON *lists[2] = {draft_items(c->draft), draft_published_items(c->draft)};
    for (int l = 0; gone && l < 2; l++)
        for (const cJSON *it = lists[l] ? lists[l]->child : NULL; it; it = it->next)
            add_alive(&a, json_str(it, "id") ? json_str(it, "id") : "");
    if (gone)
        import_each(c, alive_import, &a);
    pcache_sort(a.hex, a.n);
    struct pcache_limits lim = PCACHE_DEFAULT_LIMITS;
    lim.max_bytes = c->o.preview_cache;
    size_t n = pcache_prune(c->cache_dir, &lim, time(NULL), gone ? a.hex : NULL, a.n);
    if (n)
        log_msg(LV_DEBUG, "console: %zu previews dropped from the cache", n);
    for (size_t i = 0; i < a.n; i++)
        free(a.hex[i]);
    free(a.hex);
}

/* The cache file for this item JSON (id: the item's) and these options. */
static char *cache_path(console_t *c, const char *id, const cJSON *item, const struct popts *o)
{
    char day[16];
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    /* Opening hours make the label change within the day: key by minute. */
    if (cJSON_GetObjectItemCaseSensitive(item, "opening"))
        strftime(day, sizeof day, "%Y-%m-%dT%H:%M", &tm);
    else
        strftime(day, sizeof day, "%Y-%m-%d", &tm);
    char *it = cJSON_PrintUnformatted(item);
    char *st = cJSON_PrintUnformatted(draft_settings(c->draft));
    char *key = xasprintf("%s\n%s\n%s\n%s", it, st, c->theme_dir, day);
    char h[65];
    content_hash(key, strlen(key), h);
    h[32] = '\0';
    free(it);
    free(st);
    free(key);
    char opts[32];
    snprintf(opts, sizeof opts, "%c%s%d", o->portrait ? 'p' : 'l', lang_code(o->lang), o->w);
    char *name = pcache_name(id, opts, h);
    char *path = xasprintf("%s/%s", c->cache_dir, name);
    free(name);
    return path;
}

/* A preview was drawn into path: the item's older versions go, and the
 * cache is kept within its bounds. */
static void cached(console_t *c, const char *path)
{
    const char *slash = strrchr(path, '/');
    pcache_replaced(c->cache_dir, slash ? slash + 1 : path);
    preview_cache_prune(c, true);
}

/* Serves the cached file at path when there is one. */
static bool serve_cached(struct rq *q, const char *path)
{
    if (access(path, R_OK) != 0)
        return false;
    pcache_touch(path);
    serve_png(q, path);
    return true;
}

void api_preview_item(struct rq *q)
{
    struct popts o;
    if (preview_opts(q, &o) < 0)
        return;
    char *id = xstrdup(q->seg[0]);
    if (str_ends(id, ".png"))
        id[strlen(id) - 4] = 0;
    draft_sync(q->c->draft);
    const cJSON *json = draft_item(q->c->draft, id);
    const feed_t *f = draft_model(q->c->draft);
    feed_t *owned = NULL;
    cJSON *key = NULL;
    const struct item *it = NULL;
    if (json) {
        it = f ? feed_find(f, id) : NULL;
    } else if ((json = import_item(q->c, id, NULL, &f))) {
        /* An imported item, drawn with the office's corrections. */
        owned = import_with_overrides(q->c, f);
        if (owned && feed_find(owned, id))
            f = owned;
        it = feed_find(f, id);
        key = cJSON_CreateArray();
        cJSON_AddItemReferenceToArray(key, (cJSON *)json);
        const cJSON *ovs = draft_overrides(q->c->draft);
        if (ovs)
            cJSON_AddItemReferenceToArray(key, (cJSON *)ovs);
    } else { /* deleted in the draft: the published one */
        f = draft_published_model(q->c->draft);
        it = f ? feed_find(f, id) : NULL;
        key = cJSON_CreateString(id);
    }
    if (!it) {
        reply_error(q, 404, "Aucune diapositive « %s »", id);
        cJSON_Delete(key);
        feed_free(owned);
        free(id);
        return;
    }
    char *path = cache_path(q->c, id, key ? key : json, &o);
    cJSON_Delete(key);
    char err[300];
    if (serve_cached(q, path)) {
    } else if (draw_to(q->c, f, it, o.portrait, o.lang, o.w, path, err, sizeof err) == 0) {
        serve_png(q, path);
        cached(q->c, path);
    } else {
        reply_error(q, 500, "L'aperçu n'a pas pu être dessiné : %s", err);
    }
    feed_free(owned);
    free(path);
    free(id);
}

void api_preview_draft(struct rq *q)
{
    struct popts o;
    if (preview_opts(q, &o) < 0)
        return;
    cJSON *item = body_json(q);
    if (!item)
        return;
    draft_sync(q->c->draft);
    if (!json_str(item, "id"))
        cJSON_AddStringToObject(item, "id", "apercu");
    const char *id = json_str(item, "id");
    const char *replace = draft_item(q->c->draft, id) ? id : NULL;
    char *path = cache_path(q->c, id, item, &o);
    if (serve_cached(q, path))
        goto out;
    cJSON *errs;
    feed_t *f = draft_model_with(q->c->draft, item, replace, &errs);
    if (!f) {
        reply_field_errors(q, errs);
        goto out;
    }
    cJSON_Delete(errs);
    char err[300];
    if (draw_to(q->c, f, feed_find(f, id), o.portrait, o.lang, o.w, path, err, sizeof err) == 0) {
        serve_png(q, path);
        cached(q->c, path);
    } else
        reply_error(q, 500, "L'aperçu n'a pas pu être dessiné : %s", err);
    feed_free(f);
out:
    free(path);
    cJSON_Delete(item);
}
