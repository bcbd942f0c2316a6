#include "play/fetch.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "model/feed.h"
#include "model/util.h"

#define MAX_REDIRS    5
#define BACKOFF_MIN_S 5

struct buf {
    char *p;
    size_t len, cap, max;
    bool too_big;
};

struct hdrs {
    char *etag, *last_modified;
};

static size_t on_body(char *data, size_t size, size_t nmemb, void *user)
{
    struct buf *b = user;
    size_t n = size * nmemb;
    if (b->len + n > b->max) {
        b->too_big = true;
        return 0; /* aborts the transfer */
    }
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        if (b->cap > b->max + 1)
            b->cap = b->max + 1;
        b->p = xrealloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, data, n);
    b->len += n;
    b->p[b->len] = '\0';
    return n;
}

/* Keeps "ETag" and "Last-Modified" of the final response. */
static size_t on_header(char *data, size_t size, size_t nmemb, void *user)
{
    struct hdrs *h = user;
    size_t n = size * nmemb;
    char **dst = NULL;
    size_t skip = 0;
    if (n > 5 && !strncasecmp(data, "ETag:", 5)) {
        dst = &h->etag;
        skip = 5;
    } else if (n > 14 && !strncasecmp(data, "Last-Modified:", 14)) {
        dst = &h->last_modified;
        skip = 14;
    } else if (n > 5 && !strncasecmp(data, "HTTP/", 5)) {
        /* a new response (after a redirect): forget the previous one's */
        free(h->etag);
        free(h->last_modified);
        h->etag = h->last_modified = NULL;
    }
    if (dst) {
        const char *v = data + skip;
        const char *end = data + n;
        while (v < end && (*v == ' ' || *v == '\t'))
            v++;
        while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
            end--;
        if (end - v < 512) {
            free(*dst);
            *dst = xmalloc((size_t)(end - v) + 1);
            memcpy(*dst, v, (size_t)(end - v));
            (*dst)[end - v] = '\0';
        }
    }
    return n;
}

static int on_progress(void *user, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
    (void)a, (void)b, (void)c, (void)d;
    const atomic_bool *stop = user;
    return stop && atomic_load(stop) ? 1 : 0;
}

/* Turns a transfer's outcome into the result (taking over body and headers):
 * 0 for a 200 (body set) or a 304, else -1 with result->error. cerr is the
 * transport's error, or NULL when the transfer completed. */
static int finish(struct fetch_result *r, struct buf *body, struct hdrs *h, const char *cerr,
                  int64_t max_bytes)
{
    int ret = -1;
    if (body->too_big) {
        snprintf(r->error, sizeof r->error,
                 "larger than %lld bytes (max_download in "
                 "[network]); refused",
                 (long long)max_bytes);
    } else if (cerr) {
        snprintf(r->error, sizeof r->error, "%s", cerr);
    } else if (r->code == 304) {
        ret = 0;
    } else if (r->code == 200) {
        r->body = body->p ? body->p : xstrdup("");
        r->len = body->len;
        body->p = NULL;
        ret = 0;
    } else {
        snprintf(r->error, sizeof r->error, "the server answered HTTP %ld", r->code);
    }
    r->etag = h->etag;
    r->last_modified = h->last_modified;
    free(body->p);
    body->p = NULL;
    return ret;
}

/* One transfer: its easy handle and what it gathers. */
struct xfer {
    CURL *easy;
    struct buf body;
    struct hdrs h;
    struct curl_slist *hl;
    int64_t started_ms;
    bool image;
    struct src *src; /* the feed polled, for a feed */
    char *url;       /* the image's URL, for an image */
    struct xfer *next;
};

/* Prepares x for a GET of url (conditional when etag or last_modified is
 * given). Returns 0, or -1 with r->error. */
static int xfer_setup(struct xfer *x, const char *url, const char *etag, const char *last_modified,
                      const struct fetch_opts *o, const atomic_bool *stop, struct fetch_result *r)
{
    memset(r, 0, sizeof *r);
    x->easy = curl_easy_init();
    if (!x->easy) {
        snprintf(r->error, sizeof r->error, "cannot start a download (libcurl)");
        return -1;
    }
    x->body = (struct buf){.max = (size_t)o->max_bytes};
    x->h = (struct hdrs){0};
    x->hl = NULL;
    if (etag) {
        char *line = xasprintf("If-None-Match: %s", etag);
        x->hl = curl_slist_append(x->hl, line);
        free(line);
    }
    if (last_modified) {
        char *line = xasprintf("If-Modified-Since: %s", last_modified);
        x->hl = curl_slist_append(x->hl, line);
        free(line);
    }
    CURL *c = x->easy;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, (long)MAX_REDIRS);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)o->connect_timeout_s);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)o->timeout_s);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_bytes);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(c, CURLOPT_USERAGENT, "vitrine/1");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, x->hl);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &x->body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &x->h);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, (void *)stop);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    return 0;
}

/* The outcome of x's transfer (rc) into r, as fetch_get returns it; frees
 * what x holds. */
static int xfer_finish(struct xfer *x, CURLcode rc, const struct fetch_opts *o,
                       struct fetch_result *r)
{
    curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &r->code);
    const char *cerr = rc == CURLE_FILESIZE_EXCEEDED ? NULL
                       : rc != CURLE_OK              ? curl_easy_strerror(rc)
                                                     : NULL;
    if (rc == CURLE_FILESIZE_EXCEEDED)
        x->body.too_big = true;
    int ret = finish(r, &x->body, &x->h, cerr, o->max_bytes);
    curl_slist_free_all(x->hl);
    curl_easy_cleanup(x->easy);
    x->hl = NULL;
    x->easy = NULL;
    return ret;
}

static int get(const char *url, const char *etag, const char *last_modified,
               const struct fetch_opts *o, struct fetch_result *r, const atomic_bool *stop)
{
    struct xfer x = {0};
    if (xfer_setup(&x, url, etag, last_modified, o, stop, r) < 0)
        return -1;
    return xfer_finish(&x, curl_easy_perform(x.easy), o, r);
}

int fetch_parse_response(const char *raw, size_t len, int64_t max_bytes, struct fetch_result *r)
{
    memset(r, 0, sizeof *r);
    struct buf body = {.max = max_bytes < 0 ? 0 : (size_t)max_bytes};
    struct hdrs h = {0};
    size_t i = 0;
    bool first = true;
    /* header lines, as libcurl hands them over: one at a time, with CRLF */
    while (i < len) {
        const char *nl = memchr(raw + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - raw) + 1 : len;
        char *line = xmalloc(end - i + 1);
        memcpy(line, raw + i, end - i);
        line[end - i] = '\0';
        if (first) {
            int code;
            if (sscanf(line, "HTTP/%*[0-9.] %3d", &code) == 1)
                r->code = code;
            first = false;
        }
        on_header(line, 1, end - i, &h);
        bool blank = line[0] == '\n' || (line[0] == '\r' && line[1] == '\n');
        free(line);
        i = end;
        if (blank)
            break;
    }
    /* the body in uneven chunks, to exercise the buffer growth */
    for (size_t chunk = 1; i < len; chunk = chunk * 3 + 1) {
        size_t n = len - i < chunk ? len - i : chunk;
        if (on_body((char *)raw + i, 1, n, &body) != n)
            break;
        i += n;
    }
    return finish(r, &body, &h, NULL, max_bytes);
}

int fetch_get(const char *url, const char *etag, const char *last_modified,
              const struct fetch_opts *opts, struct fetch_result *result)
{
    return get(url, etag, last_modified, opts, result, NULL);
}

int fetch_get_stoppable(const char *url, const struct fetch_opts *opts, const atomic_bool *stop,
                        struct fetch_result *result)
{
    return get(url, NULL, NULL, opts, result, stop);
}

void fetch_result_clear(struct fetch_result *r)
{
    free(r->body);
    free(r->etag);
    free(r->last_modified);
    memset(r, 0, sizeof *r);
}

int fetch_backoff_ms(int fails, int max_s, double r)
{
    double s = BACKOFF_MIN_S < max_s ? BACKOFF_MIN_S : max_s;
    for (int i = 1; i < fails && s < max_s; i++)
        s *= 2;
    if (s > max_s)
        s = max_s;
    /* "equal jitter": half fixed, half random, so many screens that lost the
     * same server do not come back at the same second */
    return (int)((s / 2 + s / 2 * r) * 1000);
}

#define IMAGES_AT_ONCE   4    /* image downloads running together */
#define SLOW_MS          5000 /* a transfer running longer is named in the status */
#define IMAGES_SIGNAL_MS 1000 /* new images are announced at most this often */

struct src {
    size_t index; /* in cfg->sources */
    const char *url;
    int64_t next_ms;
    int fails;
    bool busy; /* a poll is running */
    char *mem; /* a good copy the cache could not keep, under lock */
    size_t mem_len;
    bool store_said; /* the cache write failure was logged */
};

struct fetch {
    const struct config *cfg;
    cache_t *cache;
    status_t *status;
    fetch_changed_fn changed;
    void *ctx;
    struct src *src;
    size_t nsrc;
    CURLM *multi;
    struct xfer *running; /* transfers in the multi handle */
    size_t nimages_running;
    char **queue; /* images to download, not started yet */
    size_t nqueue;
    int64_t images_signal_ms;
    bool images_got;
    char *slow_said; /* the slow-downloads note in the status, or NULL */
    pthread_t thread;
    pthread_mutex_t lock;
    atomic_bool stop;
    char **images; /* wanted, under lock */
    size_t nimages;
    bool images_dirty;
    bool poll_all; /* under lock: poll every feed now */
    unsigned seed;
};

static double jitter(fetch_t *f)
{
    return (double)rand_r(&f->seed) / ((double)RAND_MAX + 1);
}

static struct fetch_opts opts_of(const struct config *cfg)
{
    return (struct fetch_opts){cfg->connect_timeout_s, cfg->timeout_s, cfg->max_download};
}

/* Adds x to the transfers running; frees it when it cannot start. */
static void start(fetch_t *f, struct xfer *x)
{
    x->started_ms = mono_ms();
    if (curl_multi_add_handle(f->multi, x->easy) != CURLM_OK) {
        struct fetch_result r;
        struct fetch_opts o = opts_of(f->cfg);
        xfer_finish(x, CURLE_FAILED_INIT, &o, &r);
        fetch_result_clear(&r);
        free(x->url);
        free(x);
        return;
    }
    curl_easy_setopt(x->easy, CURLOPT_PRIVATE, x);
    x->next = f->running;
    f->running = x;
    if (x->image)
        f->nimages_running++;
    else
        x->src->busy = true;
}

/* Starts a poll of one feed, conditional on the copy the cache has. */
static void start_poll(fetch_t *f, struct src *s)
{
    char *etag = NULL, *lm = NULL;
    cache_feed_meta(f->cache, s->url, &etag, &lm, NULL);
    struct fetch_opts o = opts_of(f->cfg);
    struct fetch_result r;
    struct xfer *x = xcalloc(1, sizeof *x);
    x->src = s;
    if (xfer_setup(x, s->url, etag, lm, &o, &f->stop, &r) == 0) {
        start(f, x);
    } else {
        log_msg(LV_WARN, "%s: %s", s->url, r.error);
        s->next_ms = mono_ms() + 1000 * BACKOFF_MIN_S;
        free(x);
    }
    free(etag);
    free(lm);
}

/* A good new copy of s arrived (r.body); keeps it in the cache, or in memory
 * when the cache cannot take it (a full disk must not keep a valid new feed
 * off screen). Returns true when the loader has something new to read. */
static bool keep_copy(fetch_t *f, struct src *s, struct fetch_result *r, size_t items, time_t now)
{
    pthread_mutex_lock(&f->lock);
    bool same = s->mem && s->mem_len == r->len && !memcmp(s->mem, r->body, r->len);
    pthread_mutex_unlock(&f->lock);
    if (cache_feed_store(f->cache, s->url, r->body, r->len, r->etag, r->last_modified) == 0) {
        pthread_mutex_lock(&f->lock);
        free(s->mem);
        s->mem = NULL;
        s->mem_len = 0;
        pthread_mutex_unlock(&f->lock);
        if (s->store_said)
            log_msg(LV_INFO, "%s: the cached copy is written again", s->url);
        s->store_said = false;
        status_source_good(f->status, s->index, now, items);
        if (!same)
            log_msg(LV_INFO, "%s: new version, %zu items", s->url, items);
        return !same;
    }
    int err = errno;
    if (!s->store_said)
        log_msg(LV_ERR,
                "%s: cannot write its cached copy (%s); it plays from memory and is lost at a "
                "restart: free space in the cache folder ([paths] cache)",
                s->url, strerror(err));
    s->store_said = true;
    status_source_good(f->status, s->index, now, items);
    char *msg = xasprintf("cannot write the cached copy (%s): the new version plays from "
                          "memory; free space in the cache folder",
                          strerror(err));
    status_source_error(f->status, s->index, now, msg);
    free(msg);
    if (same)
        return false;
    pthread_mutex_lock(&f->lock);
    free(s->mem);
    s->mem = r->body;
    s->mem_len = r->len;
    r->body = NULL;
    pthread_mutex_unlock(&f->lock);
    return true;
}

/* A poll of s ended: on a good new copy, keeps it and tells the loader. */
static void poll_done(fetch_t *f, struct src *s, int rc, struct fetch_result *r)
{
    time_t now = time(NULL);
    char err[400] = "";
    s->busy = false;
    if (rc == 0 && r->code == 304) {
        cache_feed_touch(f->cache, s->url);
        status_source_good(f->status, s->index, now, (size_t)-1);
    } else if (rc == 0) {
        /* Only a feed that loads replaces the last good copy. */
        diag_t *d = diag_create();
        feed_t *feed = feed_load_mem(r->body, r->len, s->url, NULL, d);
        if (feed) {
            size_t n = feed_count(feed);
            feed_free(feed);
            if (keep_copy(f, s, r, n, now))
                f->changed(f->ctx, s->index);
        } else {
            snprintf(err, sizeof err, "%s", diag_count(d) ? diag_get(d, 0) : "invalid feed");
            log_msg(LV_WARN,
                    "%s: the new version does not load; the last good copy keeps "
                    "playing",
                    s->url);
            for (size_t i = 0; i < diag_count(d) && i < 20; i++)
                log_msg(LV_WARN, "%s", diag_get(d, i));
        }
        diag_free(d);
    } else {
        snprintf(err, sizeof err, "%s: %s", s->url, r->error);
    }
    if (*err) {
        s->fails++;
        status_source_error(f->status, s->index, now, err);
        if (s->fails == 1)
            log_msg(LV_WARN, "%s; the last good copy keeps playing", err);
        /* errors back off up to 5 minutes, or the poll interval if longer;
         * a test's 1 s poll retries within 1 s */
        int max_s = f->cfg->poll_s < BACKOFF_MIN_S ? f->cfg->poll_s
                    : f->cfg->poll_s > 300         ? f->cfg->poll_s
                                                   : 300;
        s->next_ms = mono_ms() + fetch_backoff_ms(s->fails, max_s, jitter(f));
    } else {
        if (s->fails)
            log_msg(LV_INFO, "%s: reachable again", s->url);
        s->fails = 0;
        s->next_ms = mono_ms() + (int64_t)(f->cfg->poll_s * 1000 * (0.9 + 0.2 * jitter(f)));
    }
    if (*err || r->code == 304 || s->store_said)
        f->changed(f->ctx, FETCH_STATUS);
}

static bool image_running(const fetch_t *f, const char *url)
{
    for (const struct xfer *x = f->running; x; x = x->next)
        if (x->image && !strcmp(x->url, url))
            return true;
    return false;
}

static void clear_queue(fetch_t *f)
{
    for (size_t i = 0; i < f->nqueue; i++)
        free(f->queue[i]);
    free(f->queue);
    f->queue = NULL;
    f->nqueue = 0;
}

/* Takes a new list of wanted images: drops unused ones from the cache and
 * queues those it lacks. */
static void take_images(fetch_t *f)
{
    pthread_mutex_lock(&f->lock);
    size_t n = f->nimages;
    char **urls = xcalloc(n ? n : 1, sizeof *urls);
    for (size_t i = 0; i < n; i++)
        urls[i] = xstrdup(f->images[i]);
    f->images_dirty = false;
    pthread_mutex_unlock(&f->lock);

    cache_gc(f->cache, (const char *const *)urls, n);
    clear_queue(f);
    f->queue = xcalloc(n ? n : 1, sizeof *f->queue);
    for (size_t i = 0; i < n; i++) {
        if (cache_image_has(f->cache, urls[i]) || image_running(f, urls[i]))
            free(urls[i]);
        else
            f->queue[f->nqueue++] = urls[i];
    }
    free(urls);
}

/* Starts queued images, a few at a time, in the order the feeds name them. */
static void start_images(fetch_t *f)
{
    struct fetch_opts o = opts_of(f->cfg);
    size_t used = 0;
    while (used < f->nqueue && f->nimages_running < IMAGES_AT_ONCE) {
        struct xfer *x = xcalloc(1, sizeof *x);
        struct fetch_result r;
        x->image = true;
        x->url = f->queue[used++];
        if (xfer_setup(x, x->url, NULL, NULL, &o, &f->stop, &r) == 0) {
            start(f, x);
        } else {
            log_msg(LV_WARN, "%s: image not downloaded: %s", x->url, r.error);
            free(x->url);
            free(x);
        }
    }
    if (used) {
        memmove(f->queue, f->queue + used, (f->nqueue - used) * sizeof *f->queue);
        f->nqueue -= used;
    }
}

static void image_done(fetch_t *f, struct xfer *x, int rc, struct fetch_result *r)
{
    f->nimages_running--;
    if (rc == 0 && r->body)
        f->images_got |= cache_image_store(f->cache, x->url, r->body, r->len) == 0;
    else
        log_msg(LV_WARN, "%s: image not downloaded: %s; the slide shows without it", x->url,
                r->error);
}

/* Handles every transfer that ended. */
static void collect(fetch_t *f)
{
    struct fetch_opts o = opts_of(f->cfg);
    CURLMsg *m;
    int left;
    while ((m = curl_multi_info_read(f->multi, &left))) {
        if (m->msg != CURLMSG_DONE)
            continue;
        struct xfer *x = NULL;
        curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
        CURLcode code = m->data.result;
        curl_multi_remove_handle(f->multi, m->easy_handle);
        for (struct xfer **p = &f->running; *p; p = &(*p)->next)
            if (*p == x) {
                *p = x->next;
                break;
            }
        struct fetch_result r;
        memset(&r, 0, sizeof r);
        int rc = xfer_finish(x, code, &o, &r);
        if (x->image)
            image_done(f, x, rc, &r);
        else
            poll_done(f, x->src, rc, &r);
        fetch_result_clear(&r);
        free(x->url);
        free(x);
    }
}

/* Says in the status which downloads are slow (SLOW_MS and more), once per
 * change: a slow image host is visible, and never holds a feed up. */
static void note_slow(fetch_t *f, int64_t now)
{
    size_t nslow = 0;
    const struct xfer *worst = NULL;
    for (const struct xfer *x = f->running; x; x = x->next) {
        if (now - x->started_ms < SLOW_MS)
            continue;
        nslow++;
        if (!worst || x->started_ms < worst->started_ms)
            worst = x;
    }
    char *note = NULL;
    if (worst) {
        const char *url = worst->image ? worst->url : worst->src->url;
        note = xasprintf("%zu download%s slow (the slowest: %s, %lld s so far; timeout %d s in "
                         "[network])",
                         nslow, nslow == 1 ? "" : "s", url,
                         (long long)((now - worst->started_ms) / 1000), f->cfg->timeout_s);
    }
    /* the status follows every second; the log says it once per episode */
    status_network(f->status, note);
    if (note && !f->slow_said)
        log_msg(LV_WARN, "%s; the feeds are not held up", note);
    else if (!note && f->slow_said)
        log_msg(LV_INFO, "no download is slow any more");
    free(f->slow_said);
    f->slow_said = note;
}

static void *run(void *arg)
{
    fetch_t *f = arg;
    while (!atomic_load(&f->stop)) {
        int64_t now = mono_ms();
        pthread_mutex_lock(&f->lock);
        bool all = f->poll_all;
        f->poll_all = false;
        pthread_mutex_unlock(&f->lock);
        for (size_t i = 0; all && i < f->nsrc; i++)
            f->src[i].next_ms = now;
        for (size_t i = 0; i < f->nsrc && !atomic_load(&f->stop); i++)
            if (!f->src[i].busy && f->src[i].next_ms <= now)
                start_poll(f, &f->src[i]);
        pthread_mutex_lock(&f->lock);
        bool images = f->images_dirty;
        pthread_mutex_unlock(&f->lock);
        if (images)
            take_images(f);
        start_images(f);

        int running;
        curl_multi_perform(f->multi, &running);
        collect(f);
        now = mono_ms();
        if (f->images_got &&
            (f->nimages_running == 0 || now - f->images_signal_ms >= IMAGES_SIGNAL_MS)) {
            f->images_got = false;
            f->images_signal_ms = now;
            f->changed(f->ctx, FETCH_IMAGES);
        }
        note_slow(f, now);

        int64_t next = INT64_MAX;
        for (size_t i = 0; i < f->nsrc; i++)
            if (!f->src[i].busy && f->src[i].next_ms < next)
                next = f->src[i].next_ms;
        int64_t wait = next == INT64_MAX ? 3600000 : next - now;
        if (f->running && wait > 1000)
            wait = 1000; /* to see slow transfers and announce images */
        if (f->nqueue && f->nimages_running < IMAGES_AT_ONCE)
            wait = 0;
        if (wait > 0 && !atomic_load(&f->stop))
            curl_multi_poll(f->multi, NULL, 0, (int)wait, NULL);
    }
    return NULL;
}

fetch_t *fetch_start(const struct config *cfg, cache_t *cache, status_t *status,
                     fetch_changed_fn changed, void *ctx)
{
    fetch_t *f = xcalloc(1, sizeof *f);
    f->cfg = cfg;
    f->cache = cache;
    f->status = status;
    f->changed = changed;
    f->ctx = ctx;
    f->seed = (unsigned)time(NULL) ^ (unsigned)getpid();
    f->src = xcalloc((size_t)cfg->nsources + 1, sizeof *f->src);
    for (int i = 0; i < cfg->nsources; i++)
        if (config_is_url(cfg->sources[i]))
            f->src[f->nsrc++] = (struct src){.index = (size_t)i, .url = cfg->sources[i]};
    pthread_mutex_init(&f->lock, NULL);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    f->multi = curl_multi_init();
    if (!f->multi)
        die("cannot start the downloads (libcurl)");
    if (pthread_create(&f->thread, NULL, run, f) != 0)
        die("cannot start the fetch thread:");
    return f;
}

void fetch_want_images(fetch_t *f, const char *const *urls, size_t n)
{
    pthread_mutex_lock(&f->lock);
    bool same = n == f->nimages;
    for (size_t i = 0; i < n && same; i++)
        same = !strcmp(urls[i], f->images[i]);
    if (!same) {
        for (size_t i = 0; i < f->nimages; i++)
            free(f->images[i]);
        f->images = xrealloc(f->images, (n ? n : 1) * sizeof *f->images);
        for (size_t i = 0; i < n; i++)
            f->images[i] = xstrdup(urls[i]);
        f->nimages = n;
        f->images_dirty = true;
        curl_multi_wakeup(f->multi);
    }
    pthread_mutex_unlock(&f->lock);
}

void fetch_poll_now(fetch_t *f)
{
    if (!f)
        return;
    pthread_mutex_lock(&f->lock);
    f->poll_all = true;
    curl_multi_wakeup(f->multi);
    pthread_mutex_unlock(&f->lock);
}

char *fetch_feed_copy(fetch_t *f, size_t source, size_t *len)
{
    char *copy = NULL;
    if (!f)
        return NULL;
    pthread_mutex_lock(&f->lock);
    for (size_t i = 0; i < f->nsrc; i++)
        if (f->src[i].index == source && f->src[i].mem) {
            copy = xmalloc(f->src[i].mem_len + 1);
            memcpy(copy, f->src[i].mem, f->src[i].mem_len);
            copy[f->src[i].mem_len] = '\0';
            *len = f->src[i].mem_len;
        }
    pthread_mutex_unlock(&f->lock);
    return copy;
}

void fetch_stop(fetch_t *f)
{
    if (!f)
        return;
    atomic_store(&f->stop, true);
    curl_multi_wakeup(f->multi);
    pthread_join(f->thread, NULL);
    struct fetch_opts o = opts_of(f->cfg);
    while (f->running) {
        struct xfer *x = f->running;
        f->running = x->next;
        curl_multi_remove_handle(f->multi, x->easy);
        struct fetch_result r;
        memset(&r, 0, sizeof r);
        xfer_finish(x, CURLE_ABORTED_BY_CALLBACK, &o, &r);
        fetch_result_clear(&r);
        free(x->url);
        free(x);
    }
    curl_multi_cleanup(f->multi);
    clear_queue(f);
    for (size_t i = 0; i < f->nimages; i++)
        free(f->images[i]);
    free(f->images);
    for (size_t i = 0; i < f->nsrc; i++)
        free(f->src[i].mem);
    free(f->src);
    free(f->slow_said);
    pthread_mutex_destroy(&f->lock);
    curl_global_cleanup();
    free(f);
}
