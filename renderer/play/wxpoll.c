#include "play/wxpoll.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "model/util.h"
#include "play/cache.h"
#include "play/fetch.h"

#define RETRY_S (5 * 60) /* after a failure, ask again sooner than the poll */

struct wxpoll {
    enum weather_source src;
    char *url, *cache_path;
    int poll_s;
    struct fetch_opts opts;
    status_t *status;
    wxpoll_changed_fn changed;
    void *ctx;

    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    atomic_bool stop;
    struct weather last; /* under lock */
    bool have;
    char error[256]; /* the reason last logged, so that it is logged once */
};

static void store(wxpoll_t *p, const struct weather *w)
{
    pthread_mutex_lock(&p->lock);
    p->last = *w;
    p->have = true;
    pthread_mutex_unlock(&p->lock);
}

/* Says a new reason once in the log; the status always has the latest. */
static void failed(wxpoll_t *p, const char *why)
{
    if (strcmp(why, p->error) != 0) {
        log_msg(LV_WARN, "weather left out: %s (asked again every %d min)", why, RETRY_S / 60);
        snprintf(p->error, sizeof p->error, "%s", why);
    }
    if (p->status)
        status_weather(p->status, time(NULL), weather_source_name(p->src), 0, why);
    if (p->changed) /* the band may have to drop weather gone stale */
        p->changed(p->ctx);
}

static void poll_once(wxpoll_t *p)
{
    struct fetch_result r;
    int rc = fetch_get_stoppable(p->url, &p->opts, &p->stop, &r);
    if (atomic_load(&p->stop)) {
        fetch_result_clear(&r);
        return;
    }
    char why[320];
    struct weather w;
    if (rc < 0 || !r.body) {
        snprintf(why, sizeof why, "%s: %s", weather_source_name(p->src),
                 r.error[0] ? r.error : "no answer");
        failed(p, why);
    } else if (weather_parse(p->src, r.body, r.len, time(NULL), &w, why, sizeof why) < 0) {
        failed(p, why);
    } else if (!weather_fresh(&w, time(NULL))) {
        /* An answer older than the age limit is as good as none. */
        snprintf(why, sizeof why, "%s: the answer describes %lld min ago, more than %d h",
                 weather_source_name(p->src), (long long)(time(NULL) - w.at) / 60,
                 WEATHER_MAX_AGE_S / 3600);
        failed(p, why);
    } else {
        store(p, &w);
        if (p->cache_path && atomic_write(p->cache_path, r.body, r.len) < 0 &&
            strcmp(p->error, "cache") != 0) {
            log_msg(LV_WARN, "%s: cannot keep the weather for the next start:", p->cache_path);
            snprintf(p->error, sizeof p->error, "cache");
        } else if (strcmp(p->error, "cache") != 0) {
            if (p->error[0])
                log_msg(LV_INFO, "weather back from %s", weather_source_name(p->src));
            p->error[0] = '\0';
        }
        if (p->status)
            status_weather(p->status, time(NULL), weather_source_name(p->src), (time_t)w.at, NULL);
        if (p->changed)
            p->changed(p->ctx);
    }
    fetch_result_clear(&r);
}

static void *worker(void *arg)
{
    wxpoll_t *p = arg;
    while (!atomic_load(&p->stop)) {
        poll_once(p);
        int wait_s = p->error[0] && strcmp(p->error, "cache") != 0 && RETRY_S < p->poll_s
                         ? RETRY_S
                         : p->poll_s;
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += wait_s;
        pthread_mutex_lock(&p->lock);
        while (!atomic_load(&p->stop) && pthread_cond_timedwait(&p->cond, &p->lock, &until) == 0)
            ;
        pthread_mutex_unlock(&p->lock);
    }
    return NULL;
}

/* The answer kept by an earlier run, when it is still fresh. */
static void load_cached(wxpoll_t *p)
{
    size_t len;
    char *buf = p->cache_path ? read_file(p->cache_path, 1 << 20, &len) : NULL;
    struct weather w;
    char why[256];
    if (buf && weather_parse(p->src, buf, len, time(NULL), &w, why, sizeof why) == 0 &&
        weather_fresh(&w, time(NULL))) {
        store(p, &w);
        if (p->status)
            status_weather(p->status, time(NULL), weather_source_name(p->src), (time_t)w.at, NULL);
    }
    free(buf);
}

wxpoll_t *wxpoll_start(const struct config *cfg, const char *cache_dir, status_t *status,
                       wxpoll_changed_fn changed, void *ctx)
{
    enum weather_source src;
    char *url = config_weather_url(cfg);
    if (!url || weather_source_parse(cfg->weather_source, &src) < 0) {
        free(url);
        return NULL;
    }
    wxpoll_t *p = xcalloc(1, sizeof *p);
    p->src = src;
    p->url = url;
    if (cache_dir)
        mkdir(cache_dir, 0755); /* the feeds' cache may not have made it yet */
    p->cache_path = cache_dir ? xasprintf("%s/weather.json", cache_dir) : NULL;
    p->poll_s = cfg->weather_poll_s > 0 ? cfg->weather_poll_s : 1800;
    p->opts = (struct fetch_opts){cfg->connect_timeout_s, cfg->timeout_s, cfg->max_download};
    p->status = status;
    p->changed = changed;
    p->ctx = ctx;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->cond, NULL);
    atomic_init(&p->stop, false);
    load_cached(p);
    if (pthread_create(&p->thread, NULL, worker, p) != 0) {
        log_msg(LV_ERR, "cannot start the weather thread: the weather is left out");
        pthread_mutex_destroy(&p->lock);
        pthread_cond_destroy(&p->cond);
        free(p->cache_path);
        free(p->url);
        free(p);
        return NULL;
    }
    return p;
}

bool wxpoll_get(wxpoll_t *p, struct weather *out)
{
    if (!p)
        return false;
    pthread_mutex_lock(&p->lock);
    bool have = p->have;
    if (have)
        *out = p->last;
    pthread_mutex_unlock(&p->lock);
    return have;
}

void wxpoll_stop(wxpoll_t *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    atomic_store(&p->stop, true);
    pthread_cond_signal(&p->cond);
    pthread_mutex_unlock(&p->lock);
    pthread_join(p->thread, NULL);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->cond);
    free(p->cache_path);
    free(p->url);
    free(p);
}
