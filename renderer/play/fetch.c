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

static int get(const char *url, const char *etag, const char *last_modified,
               const struct fetch_opts *o, struct fetch_result *r, const atomic_bool *stop)
{
    memset(r, 0, sizeof *r);
    CURL *c = curl_easy_init();
    if (!c) {
        snprintf(r->error, sizeof r->error, "cannot start a download (libcurl)");
        return -1;
    }
    struct buf body = {.max = (size_t)o->max_bytes};
    struct hdrs h = {0};
    struct curl_slist *hl = NULL;
    if (etag) {
        char *line = xasprintf("If-None-Match: %s", etag);
        hl = curl_slist_append(hl, line);
        free(line);
    }
    if (last_modified) {
        char *line = xasprintf("If-Modified-Since: %s", last_modified);
        hl = curl_slist_append(hl, line);
        free(line);
    }
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
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &h);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, (void *)stop);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);

    CURLcode rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->code);
    const char *cerr = rc == CURLE_FILESIZE_EXCEEDED ? NULL
                       : rc != CURLE_OK              ? curl_easy_strerror(rc)
                                                     : NULL;
    if (rc == CURLE_FILESIZE_EXCEEDED)
        body.too_big = true;
    int ret = finish(r, &body, &h, cerr, o->max_bytes);
    curl_slist_free_all(hl);
    curl_easy_cleanup(c);
    return ret;
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

struct src {
    size_t index; /* in cfg->sources */
    const char *url;
    int64_t next_ms;
    int fails;
};

struct fetch {
    const struct config *cfg;
    cache_t *cache;
    status_t *status;
    fetch_changed_fn changed;
    void *ctx;
    struct src *src;
    size_t nsrc;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    atomic_bool stop;
    char **images; /* wanted, under lock */
    size_t nimages;
    bool images_dirty;
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

/* Polls one feed: on a good new copy, stores it and tells the loader. */
static void poll_source(fetch_t *f, struct src *s)
{
    char *etag = NULL, *lm = NULL;
    cache_feed_meta(f->cache, s->url, &etag, &lm, NULL);
    struct fetch_result r;
    struct fetch_opts o = opts_of(f->cfg);
    int rc = get(s->url, etag, lm, &o, &r, &f->stop);
    time_t now = time(NULL);
    char err[400] = "";
    if (rc == 0 && r.code == 304) {
        cache_feed_touch(f->cache, s->url);
        status_source_good(f->status, s->index, now, (size_t)-1);
    } else if (rc == 0) {
        /* Only a feed that loads replaces the last good copy. */
        diag_t *d = diag_create();
        feed_t *feed = feed_load_mem(r.body, r.len, s->url, NULL, d);
        if (feed) {
            size_t n = feed_count(feed);
            feed_free(feed);
            if (cache_feed_store(f->cache, s->url, r.body, r.len, r.etag, r.last_modified) == 0) {
                status_source_good(f->status, s->index, now, n);
                log_msg(LV_INFO, "%s: new version, %zu items", s->url, n);
                f->changed(f->ctx, s->index);
            } else {
                snprintf(err, sizeof err, "cannot write the cached copy");
            }
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
        snprintf(err, sizeof err, "%s: %s", s->url, r.error);
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
    if (*err || r.code == 304)
        f->changed(f->ctx, FETCH_STATUS);
    fetch_result_clear(&r);
    free(etag);
    free(lm);
}

/* Downloads the wanted images that the cache lacks; drops unused ones. */
static void fetch_images(fetch_t *f)
{
    pthread_mutex_lock(&f->lock);
    size_t n = f->nimages;
    char **urls = xcalloc(n ? n : 1, sizeof *urls);
    for (size_t i = 0; i < n; i++)
        urls[i] = xstrdup(f->images[i]);
    f->images_dirty = false;
    pthread_mutex_unlock(&f->lock);

    cache_gc(f->cache, (const char *const *)urls, n);
    bool got = false;
    struct fetch_opts o = opts_of(f->cfg);
    for (size_t i = 0; i < n && !atomic_load(&f->stop); i++) {
        if (cache_image_has(f->cache, urls[i]))
            continue;
        struct fetch_result r;
        if (get(urls[i], NULL, NULL, &o, &r, &f->stop) == 0 && r.body) {
            got |= cache_image_store(f->cache, urls[i], r.body, r.len) == 0;
        } else {
            log_msg(LV_WARN, "%s: image not downloaded: %s", urls[i], r.error);
        }
        fetch_result_clear(&r);
    }
    for (size_t i = 0; i < n; i++)
        free(urls[i]);
    free(urls);
    if (got)
        f->changed(f->ctx, FETCH_IMAGES);
}

static void *run(void *arg)
{
    fetch_t *f = arg;
    while (!atomic_load(&f->stop)) {
        int64_t now = mono_ms();
        for (size_t i = 0; i < f->nsrc && !atomic_load(&f->stop); i++)
            if (f->src[i].next_ms <= now)
                poll_source(f, &f->src[i]);
        pthread_mutex_lock(&f->lock);
        bool images = f->images_dirty;
        pthread_mutex_unlock(&f->lock);
        if (images)
            fetch_images(f);

        int64_t next = INT64_MAX;
        for (size_t i = 0; i < f->nsrc; i++)
            if (f->src[i].next_ms < next)
                next = f->src[i].next_ms;
        pthread_mutex_lock(&f->lock);
        if (!atomic_load(&f->stop) && !f->images_dirty) {
            struct timespec ts;
            clock_gettime(CLOCK_MONOTONIC, &ts);
            int64_t wait = next == INT64_MAX ? 3600000 : next - mono_ms();
            if (wait > 0) {
                ts.tv_sec += wait / 1000;
                ts.tv_nsec += (wait % 1000) * 1000000;
                if (ts.tv_nsec >= 1000000000) {
                    ts.tv_sec++;
                    ts.tv_nsec -= 1000000000;
                }
                pthread_cond_timedwait(&f->cond, &f->lock, &ts);
            }
        }
        pthread_mutex_unlock(&f->lock);
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
            f->src[f->nsrc++] = (struct src){(size_t)i, cfg->sources[i], 0, 0};
    pthread_mutex_init(&f->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&f->cond, &ca);
    pthread_condattr_destroy(&ca);
    curl_global_init(CURL_GLOBAL_DEFAULT);
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
        pthread_cond_signal(&f->cond);
    }
    pthread_mutex_unlock(&f->lock);
}

void fetch_stop(fetch_t *f)
{
    if (!f)
        return;
    pthread_mutex_lock(&f->lock);
    atomic_store(&f->stop, true);
    pthread_cond_signal(&f->cond);
    pthread_mutex_unlock(&f->lock);
    pthread_join(f->thread, NULL);
    for (size_t i = 0; i < f->nimages; i++)
        free(f->images[i]);
    free(f->images);
    free(f->src);
    pthread_cond_destroy(&f->cond);
    pthread_mutex_destroy(&f->lock);
    curl_global_cleanup();
    free(f);
}
