#include "play/reload.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "model/content.h"
#include "model/dropfolder.h"
#include "model/merge.h"
#include "model/overlay.h"
#include "model/util.h"
#include "play/cache.h"
#include "play/fetch.h"
#include "play/notice.h"
#include "play/watch.h"

enum { TAG_FEEDS = 1, TAG_DROP = 2, TAG_THEME = 4 };
#define DEBOUNCE_MS       1000
#define STATUS_REFRESH_MS (STATUS_REFRESH_S * 1000)
/* How long after a hand-over the loader keeps giving memory back. */
#define TRIM_AFTER_HANDOVER_MS 120000
#define FETCHED_IMAGES         (1u << 31)

struct source {
    const char *name; /* path or URL, from cfg */
    bool url;
    feed_t *good;     /* last good copy, or NULL */
    overlay_t *ov;    /* its overrides of imported items, or NULL when none */
    char *last_error; /* first line of the last failure, to log each failure once */
};

struct reload {
    const struct config *cfg;
    reload_notify_fn notify;
    void *ctx;
    struct source *src;
    size_t nsrc;
    feed_t *drop_feed;
    feed_t *notice_feed; /* the urgent notice (play/notice), or NULL */
    drop_t *drop;
    bool drop_pending;
    int64_t drop_next_ms;
    char *drop_last_error;
    watch_t *watch;
    cache_t *cache;
    fetch_t *fetch;
    status_t *status;
    struct feed_digest published; /* of the last model handed over */
    bool has_published;
    int64_t trim_until; /* give memory back at each refresh until then */
    char *merge_said;   /* the merge's messages last logged, to log each once */
    char **image_urls;
    size_t nimage_urls;

    int wake_fd;
    pthread_t thread;
    bool thread_started;
    atomic_bool stop;
    pthread_mutex_t lock; /* guards the fields below */
    feed_t *ready;        /* complete model not yet taken */
    unsigned generation;
    unsigned fetched;  /* bit i: URL source i has a new copy; FETCHED_IMAGES */
    bool reload_all;   /* a "reload" command */
    struct cmd notice; /* a "notice" command not yet applied */
    bool notice_new;
};

static void wake(reload_t *r)
{
    uint64_t one = 1;
    if (write(r->wake_fd, &one, sizeof one) < 0) {
        /* the counter is saturated: the loader is awake anyway */
    }
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrdup(".");
    if (slash == path)
        return xstrdup("/");
    return xasprintf("%.*s", (int)(slash - path), path);
}

/* Logs the problems of a failed load, once per distinct failure, and records
 * the first one in the status. */
static void report(reload_t *r, size_t i, char **last, diag_t *d, const char *what)
{
    const char *first = diag_count(d) ? diag_get(d, 0) : "cannot be loaded";
    if (!*last || strcmp(*last, first)) {
        log_msg(LV_WARN, "%s: %s; the last good version keeps playing", what,
                diag_count(d) ? "has problems" : "cannot be loaded");
        for (size_t k = 0; k < diag_count(d) && k < 50; k++)
            log_msg(LV_WARN, "%s", diag_get(d, k));
        free(*last);
        *last = xstrdup(first);
    }
    if (i != (size_t)-1)
        status_source_error(r->status, i, time(NULL), first);
}

/* The folder that relative images of a URL feed resolve against. */
static char *url_dir(const char *url)
{
    const char *q = url + strcspn(url, "?#");
    const char *slash = q;
    while (slash > url && slash[-1] != '/')
        slash--;
    return xasprintf("%.*s", (int)(slash - url - 1), url);
}

/* (Re)loads source i. Returns true when its good copy changed. */
static bool load_source(reload_t *r, size_t i)
{
    struct source *s = &r->src[i];
    diag_t *d = diag_create();
    feed_t *f = NULL;
    overlay_t *ov = NULL;
    bool from_mem = false;
    if (s->url) {
        char *path = cache_feed_path(r->cache, s->name);
        size_t len;
        /* the newest copy the cache could not keep (full disk), else the cache */
        char *buf = fetch_feed_copy(r->fetch, i, &len);
        from_mem = buf != NULL;
        if (!buf)
            buf = read_file(path, FEED_MAX_BYTES, &len);
        if (buf) {
            char *base = url_dir(s->name);
            f = feed_load_mem(buf, len, s->name, base, d);
            if (f)
                ov = overlay_load_mem(buf, len, s->name, d);
            free(base);
            free(buf);
        }
        free(path);
        if (!buf) { /* no copy yet: the fetch thread reports network errors */
            diag_free(d);
            return false;
        }
    } else {
        f = feed_load(s->name, d);
        if (f)
            ov = overlay_load(s->name, d);
    }
    bool changed = false;
    if (f) {
        feed_free(s->good);
        s->good = f;
        overlay_free(s->ov);
        s->ov = ov && overlay_count(ov) ? ov : NULL;
        if (!s->ov)
            overlay_free(ov);
        changed = true;
        free(s->last_error);
        s->last_error = NULL;
        time_t stored = time(NULL);
        if (s->url && !from_mem) {
            char *e, *l;
            cache_feed_meta(r->cache, s->name, &e, &l, &stored);
            free(e);
            free(l);
        }
        status_source_good(r->status, i, stored, feed_count(f));
    } else {
        report(r, i, &s->last_error, d, s->name);
    }
    diag_free(d);
    return changed;
}

static void scan_drop(reload_t *r, int64_t now_mono)
{
    if (!r->drop)
        return;
    diag_t *d = diag_create();
    feed_t *f = drop_scan(r->drop, wall_ms(), &r->drop_pending, d);
    if (diag_count(d))
        report(r, (size_t)-1, &r->drop_last_error, d, r->cfg->drop);
    else {
        free(r->drop_last_error);
        r->drop_last_error = NULL;
    }
    diag_free(d);
    feed_free(r->drop_feed);
    r->drop_feed = f;
    r->drop_next_ms = now_mono + DROP_SETTLE_MS;
    if (r->watch && drop_screen_dir(r->drop))
        watch_add(r->watch, drop_screen_dir(r->drop), TAG_DROP);
}

static void free_image_urls(reload_t *r)
{
    for (size_t i = 0; i < r->nimage_urls; i++)
        free(r->image_urls[i]);
    free(r->image_urls);
    r->image_urls = NULL;
    r->nimage_urls = 0;
}

/* merge_image_fn: the cached copy of an image URL, when there is one. Every
 * URL is noted, for the fetch thread to download and to keep. */
static char *map_image(void *ctx, size_t source, const char *url)
{
    (void)source;
    reload_t *r = ctx;
    for (size_t i = 0; i < r->nimage_urls; i++)
        if (!strcmp(r->image_urls[i], url))
            goto lookup;
    r->image_urls = xrealloc(r->image_urls, (r->nimage_urls + 1) * sizeof *r->image_urls);
    r->image_urls[r->nimage_urls++] = xstrdup(url);
lookup:
    return cache_image_has(r->cache, url) ? cache_image_path(r->cache, url) : NULL;
}

/* Merges the good copies and hands the result over if it differs from the
 * last one handed over. */
static void rebuild(reload_t *r)
{
    /* The sources, then the urgent notice (play/notice) as one more source
     * without overlay. */
    size_t n = r->nsrc + 1;
    const feed_t **feeds = xcalloc(n, sizeof *feeds);
    overlay_t **ovs = xcalloc(n, sizeof *ovs);
    for (size_t i = 0; i < r->nsrc; i++) {
        feeds[i] = r->src[i].good;
        ovs[i] = r->src[i].ov;
    }
    feeds[r->nsrc] = r->notice_feed;
    free_image_urls(r);
    diag_t *d = diag_create();
    feed_t *merged = content_merge(feeds, ovs, n, r->drop_feed, map_image, r, d);
    /* What the merge left out goes to the status too, so that `status`
     * says what `check` says; the log says it once per change. */
    size_t nleft = diag_count(d) < 50 ? diag_count(d) : 50;
    const char **left = xcalloc(nleft ? nleft : 1, sizeof *left);
    for (size_t k = 0; k < nleft; k++)
        left[k] = diag_get(d, k);
    status_left_out(r->status, left, nleft);
    char *joined = NULL;
    for (size_t k = 0; k < nleft; k++) {
        char *j = xasprintf("%s%s\n", joined ? joined : "", left[k]);
        free(joined);
        joined = j;
    }
    if (joined && (!r->merge_said || strcmp(joined, r->merge_said)))
        for (size_t k = 0; k < nleft; k++)
            log_msg(LV_WARN, "%s", left[k]);
    free(r->merge_said);
    r->merge_said = joined;
    free(left);
    diag_free(d);
    free(feeds);
    free(ovs);
    if (r->fetch)
        fetch_want_images(r->fetch, (const char *const *)r->image_urls, r->nimage_urls);

    struct feed_digest dg;
    bool digested = feed_digest(merged, &dg) == 0;
    if (digested && r->has_published && !memcmp(&dg, &r->published, sizeof dg)) {
        feed_free(merged);
        return;
    }
    r->published = dg;
    r->has_published = digested;

    size_t count = feed_count(merged);
    const char **ids = xcalloc(count ? count : 1, sizeof *ids);
    for (size_t k = 0; k < count; k++)
        ids[k] = feed_item(merged, k)->id;
    status_reload(r->status, time(NULL), count, ids, count);
    free(ids);

    pthread_mutex_lock(&r->lock);
    feed_free(r->ready); /* never taken: a newer one replaces it */
    r->ready = merged;
    r->generation++;
    unsigned gen = r->generation;
    pthread_mutex_unlock(&r->lock);
    log_msg(LV_INFO, "content reloaded: %zu items (model %u)", count, gen);
    /* The model it replaces is let go at the next slide boundary, on
     * another thread: give memory back at each refresh for a while. */
    r->trim_until = mono_ms() + TRIM_AFTER_HANDOVER_MS;
    if (r->notify)
        r->notify(r->ctx);
}

static void on_fetched(void *ctx, size_t source)
{
    reload_t *r = ctx;
    pthread_mutex_lock(&r->lock);
    if (source == FETCH_IMAGES)
        r->fetched |= FETCHED_IMAGES;
    else if (source != FETCH_STATUS)
        r->fetched |= 1u << (source % 31);
    pthread_mutex_unlock(&r->lock);
    wake(r);
}

/* The office's time zone: the first source's, which the merge keeps. */
static const char *office_zone(const reload_t *r)
{
    for (size_t i = 0; i < r->nsrc; i++)
        if (r->src[i].good)
            return feed_settings(r->src[i].good)->timezone;
    return FEED_DEFAULT_TIMEZONE;
}

/* Applies a notice command (loader thread): the slide, and its copy on disk. */
static void apply_notice(reload_t *r, const struct cmd *c, bool save)
{
    feed_free(r->notice_feed);
    r->notice_feed = notice_feed(c, office_zone(r));
    if (save)
        notice_save(r->cfg->state_dir, c);
    log_msg(LV_INFO, "urgent notice %s", r->notice_feed ? "set" : "cleared");
}

static void *run(void *arg)
{
    reload_t *r = arg;
    int64_t next_status = mono_ms() + STATUS_REFRESH_MS;
    while (!atomic_load(&r->stop)) {
        int64_t now = mono_ms();
        int timeout = (int)(next_status - now);
        if (r->watch) {
            int t = watch_timeout(r->watch, now);
            if (t >= 0 && t < timeout)
                timeout = t;
        }
        if (r->drop_pending && r->drop_next_ms - now < timeout)
            timeout = (int)(r->drop_next_ms - now);
        if (timeout < 0)
            timeout = 0;
        struct pollfd p[2] = {{r->wake_fd, POLLIN, 0},
                              {r->watch ? watch_fd(r->watch) : -1, POLLIN, 0}};
        poll(p, 2, timeout);
        if (atomic_load(&r->stop))
            break;
        if (p[0].revents & POLLIN) {
            uint64_t v;
            if (read(r->wake_fd, &v, sizeof v) < 0) {
                /* EAGAIN: nothing to drain */
            }
        }
        now = mono_ms();
        unsigned due = 0;
        if (r->watch) {
            watch_read(r->watch, now);
            due = watch_due(r->watch, now);
        }
        pthread_mutex_lock(&r->lock);
        unsigned fetched = r->fetched;
        r->fetched = 0;
        bool all = r->reload_all, notice = r->notice_new;
        struct cmd nc = r->notice;
        r->reload_all = r->notice_new = false;
        memset(&r->notice, 0, sizeof r->notice);
        pthread_mutex_unlock(&r->lock);
        if (all) {
            due |= TAG_FEEDS | TAG_DROP;
            fetched |= FETCHED_IMAGES;
            fetch_poll_now(r->fetch);
        }
        if (due & TAG_THEME)
            log_msg(LV_WARN,
                    "%s: the theme changed; it is read when the player starts: restart "
                    "it to apply the change (systemctl restart vitrine)",
                    r->cfg->theme);

        bool changed = false, loaded = false;
        for (size_t i = 0; i < r->nsrc; i++) {
            bool again =
                r->src[i].url ? (fetched & (1u << (i % 31))) != 0 : (due & TAG_FEEDS) != 0;
            if (again)
                changed |= load_source(r, i);
            loaded |= again;
        }
        if ((due & TAG_DROP) || (r->drop_pending && now >= r->drop_next_ms)) {
            scan_drop(r, now);
            changed = true;
        }
        if (fetched & FETCHED_IMAGES)
            changed = true;
        if (notice) {
            apply_notice(r, &nc, true);
            cmd_clear(&nc);
            changed = true;
        }
        if (changed)
            rebuild(r);
        bool refresh = now >= next_status;
        if (refresh)
            next_status = now + STATUS_REFRESH_MS;
        /* What a load or a merge parsed is freed by now. */
        if (loaded || changed || (refresh && now < r->trim_until))
            mem_give_back();
        status_flush(r->status, time(NULL), refresh);
    }
    return NULL;
}

reload_t *reload_start(const struct config *cfg, reload_notify_fn notify, void *ctx)
{
    reload_t *r = xcalloc(1, sizeof *r);
    r->cfg = cfg;
    r->notify = notify;
    r->ctx = ctx;
    pthread_mutex_init(&r->lock, NULL);
    r->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (r->wake_fd < 0)
        die("eventfd:");
    if (mkdir_p(cfg->state_dir, 0755) < 0)
        die("cannot create the state folder '%s' (paths.state):", cfg->state_dir);
    r->cache = cache_create(cfg->cache_dir, cfg->cache_size);
    if (!r->cache)
        die("cannot create the cache folder '%s' (paths.cache)", cfg->cache_dir);
    char *status_path = xasprintf("%s/status.json", cfg->state_dir);
    r->status = status_create(status_path);
    free(status_path);

    r->watch = watch_create(DEBOUNCE_MS);
    r->nsrc = (size_t)cfg->nsources;
    r->src = xcalloc(r->nsrc + 1, sizeof *r->src);
    for (size_t i = 0; i < r->nsrc; i++) {
        r->src[i].name = cfg->sources[i];
        r->src[i].url = config_is_url(cfg->sources[i]);
        status_source_name(r->status, i, cfg->sources[i]);
        if (!r->src[i].url && r->watch) {
            char *dir = dir_of(cfg->sources[i]);
            if (watch_add(r->watch, dir, TAG_FEEDS) < 0)
                log_msg(LV_WARN,
                        "%s: cannot watch this folder (%s); changes to %s will "
                        "need a restart",
                        dir, strerror(errno), cfg->sources[i]);
            free(dir);
        }
        load_source(r, i);
    }
    if (*cfg->drop) {
        r->drop = drop_create(cfg->drop, cfg->screen);
        if (r->watch && watch_add(r->watch, cfg->drop, TAG_DROP) < 0)
            log_msg(LV_WARN,
                    "%s: the drop folder cannot be watched (%s); create it and "
                    "restart",
                    cfg->drop, strerror(errno));
        scan_drop(r, mono_ms());
    }
    if (r->watch && *cfg->theme)
        watch_add(r->watch, cfg->theme, TAG_THEME);
    r->fetch = fetch_start(cfg, r->cache, r->status, on_fetched, r);
    struct cmd kept;
    if (notice_restore(cfg->state_dir, &kept) == 0) {
        apply_notice(r, &kept, false);
        cmd_clear(&kept);
    }
    rebuild(r);
    mem_give_back();
    status_flush(r->status, time(NULL), 1);
    if (pthread_create(&r->thread, NULL, run, r) != 0)
        die("cannot start the loader thread:");
    r->thread_started = true;
    return r;
}

feed_t *reload_take(reload_t *r, unsigned *generation)
{
    pthread_mutex_lock(&r->lock);
    feed_t *f = r->ready;
    r->ready = NULL;
    if (generation)
        *generation = r->generation;
    pthread_mutex_unlock(&r->lock);
    return f;
}

void reload_swapped(reload_t *r, unsigned generation)
{
    status_swapped(r->status, time(NULL), generation);
    wake(r);
}

void reload_command(reload_t *r, const struct cmd *c)
{
    if (c->kind != CMD_RELOAD && c->kind != CMD_NOTICE)
        return;
    pthread_mutex_lock(&r->lock);
    if (c->kind == CMD_RELOAD) {
        r->reload_all = true;
    } else {
        cmd_clear(&r->notice); /* a newer notice replaces one not yet applied */
        cmd_copy(&r->notice, c);
        r->notice_new = true;
    }
    pthread_mutex_unlock(&r->lock);
    wake(r);
}

void reload_showing(reload_t *r, const char *id, const char *kind, const char *lang)
{
    status_showing(r->status, time(NULL), id, kind, lang);
    wake(r);
}

status_t *reload_status(reload_t *r)
{
    return r->status;
}

void reload_stop(reload_t *r)
{
    if (!r)
        return;
    atomic_store(&r->stop, true);
    wake(r);
    if (r->thread_started)
        pthread_join(r->thread, NULL);
    fetch_stop(r->fetch);
    status_flush(r->status, time(NULL), 1);
    for (size_t i = 0; i < r->nsrc; i++) {
        feed_free(r->src[i].good);
        overlay_free(r->src[i].ov);
        free(r->src[i].last_error);
    }
    free(r->src);
    feed_free(r->drop_feed);
    feed_free(r->notice_feed);
    cmd_clear(&r->notice);
    feed_free(r->ready);
    drop_free(r->drop);
    free(r->drop_last_error);
    watch_free(r->watch);
    status_free(r->status);
    cache_free(r->cache);
    free(r->merge_said);
    free_image_urls(r);
    close(r->wake_fd);
    pthread_mutex_destroy(&r->lock);
    free(r);
}
