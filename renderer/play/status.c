#include "play/status.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "model/util.h"
#include "model/weather.h"
#include "play/cache.h"

#define MAX_SOURCES 32
#define MAX_IDS     2000

struct source {
    char *name;
    time_t last_good, last_error_at;
    size_t items;
    char *error;
};

struct status {
    pthread_mutex_t lock;
    pthread_mutex_t write_lock; /* one writer at a time, in order */
    char *path;
    time_t started;
    struct source src[MAX_SOURCES];
    size_t nsrc;
    time_t reload_at, swapped_at;
    unsigned generation;
    size_t items;
    char **ids;
    size_t nids;
    char *network; /* slow downloads, or NULL */
    char **left;   /* the merge's messages */
    size_t nleft;
    char *show_id, *show_kind, *show_lang;
    time_t show_since;
    unsigned long slides;
    struct status_player player;
    bool has_player;
    char wx_source[32], wx_error[256]; /* wx_source "": no weather configured */
    time_t wx_at, wx_checked;
    bool dirty, write_failed;
    unsigned long changes; /* counts the changes, for status_text */
    char *write_error;     /* why the last write failed, told in the file itself */
};

status_t *status_create(const char *path)
{
    status_t *s = xcalloc(1, sizeof *s);
    pthread_mutex_init(&s->lock, NULL);
    pthread_mutex_init(&s->write_lock, NULL);
    s->path = xstrdup(path);
    s->started = time(NULL);
    s->dirty = true;
    /* a kill during a write leaves status.json.XXXXXX.tmp behind */
    const char *slash = strrchr(path, '/');
    char *dir = slash ? xasprintf("%.*s", (int)(slash - path), path) : xstrdup(".");
    atomic_remove_temps(dir);
    free(dir);
    return s;
}

static void free_strs(char ***v, size_t *n)
{
    for (size_t i = 0; i < *n; i++)
        free((*v)[i]);
    free(*v);
    *v = NULL;
    *n = 0;
}

static void free_ids(status_t *s)
{
    free_strs(&s->ids, &s->nids);
}

void status_free(status_t *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nsrc; i++) {
        free(s->src[i].name);
        free(s->src[i].error);
    }
    free_ids(s);
    free_strs(&s->left, &s->nleft);
    free(s->network);
    free(s->write_error);
    free(s->show_id);
    free(s->show_kind);
    free(s->show_lang);
    free(s->path);
    pthread_mutex_destroy(&s->lock);
    pthread_mutex_destroy(&s->write_lock);
    free(s);
}

static struct source *source(status_t *s, size_t i)
{
    if (i >= MAX_SOURCES)
        return NULL;
    if (i >= s->nsrc)
        s->nsrc = i + 1;
    return &s->src[i];
}

static void set_str(char **dst, const char *v)
{
    free(*dst);
    *dst = v ? xstrdup(v) : NULL;
}

void status_source_name(status_t *s, size_t i, const char *name)
{
    pthread_mutex_lock(&s->lock);
    struct source *src = source(s, i);
    if (src)
        set_str(&src->name, name);
    s->dirty = true;
    s->changes++;
    pthread_mutex_unlock(&s->lock);
}

void status_source_good(status_t *s, size_t i, time_t when, size_t items)
{
    pthread_mutex_lock(&s->lock);
    struct source *src = source(s, i);
    if (src) {
        src->last_good = when;
        if (items != (size_t)-1)
            src->items = items;
        set_str(&src->error, NULL);
    }
    s->dirty = true;
    s->changes++;
    pthread_mutex_unlock(&s->lock);
}

void status_source_error(status_t *s, size_t i, time_t when, const char *error)
{
    pthread_mutex_lock(&s->lock);
    struct source *src = source(s, i);
    if (src) {
        src->last_error_at = when;
        set_str(&src->error, error);
    }
    s->dirty = true;
    s->changes++;
    pthread_mutex_unlock(&s->lock);
}

void status_reload(status_t *s, time_t when, size_t items, const char *const *ids, size_t nids)
{
    pthread_mutex_lock(&s->lock);
    s->reload_at = when;
    s->items = items;
    free_ids(s);
    if (nids > MAX_IDS)
        nids = MAX_IDS;
    s->ids = xcalloc(nids ? nids : 1, sizeof *s->ids);
    for (size_t i = 0; i < nids; i++)
        s->ids[i] = xstrdup(ids[i]);
    s->nids = nids;
    s->dirty = true;
    s->changes++;
    pthread_mutex_unlock(&s->lock);
}

#define MAX_LEFT 50

void status_network(status_t *s, const char *note)
{
    pthread_mutex_lock(&s->lock);
    if (note || s->network) {
        set_str(&s->network, note);
        s->dirty = true;
        s->changes++;
    }
    pthread_mutex_unlock(&s->lock);
}

void status_left_out(status_t *s, const char *const *msgs, size_t n)
{
    pthread_mutex_lock(&s->lock);
    free_strs(&s->left, &s->nleft);
    if (n > MAX_LEFT)
        n = MAX_LEFT;
    s->left = xcalloc(n ? n : 1, sizeof *s->left);
    for (size_t i = 0; i < n; i++)
        s->left[i] = xstrdup(msgs[i]);
    s->nleft = n;
    s->dirty = true;
    s->changes++;
    pthread_mutex_unlock(&s->lock);
}

void status_swapped(status_t *s, time_t when, unsigned generation)
{
    pthread_mutex_lock(&s->lock);
    s->swapped_at = when;
    s->generation = generation;
    s->dirty = true;
    s->changes++;
    pthread_mutex_unlock(&s->lock);
}

void status_showing(status_t *s, time_t when, const char *id, const char *kind, const char *lang)
{
    pthread_mutex_lock(&s->lock);
    set_str(&s->show_id, id ? id : "");
    set_str(&s->show_kind, kind);
    set_str(&s->show_lang, lang);
    s->show_since = when;
    s->slides++;
    s->dirty = true;
    s->changes++;
    pthread_mutex_unlock(&s->lock);
}

void status_player(status_t *s, const struct status_player *p)
{
    pthread_mutex_lock(&s->lock);
    s->player = *p;
    s->has_player = true;
    s->dirty = true;
    s->changes++;
    pthread_mutex_unlock(&s->lock);
}

void status_weather(status_t *s, time_t when, const char *source, time_t at, const char *error)
{
    pthread_mutex_lock(&s->lock);
    snprintf(s->wx_source, sizeof s->wx_source, "%s", source ? source : "");
    snprintf(s->wx_error, sizeof s->wx_error, "%s", error ? error : "");
    if (at)
        s->wx_at = at;
    s->wx_checked = when;
    s->dirty = true;
    s->changes++;
    pthread_mutex_unlock(&s->lock);
}

static void add_time(cJSON *o, const char *key, time_t t)
{
    if (!t) {
        cJSON_AddNullToObject(o, key);
        return;
    }
    char buf[32];
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    cJSON_AddStringToObject(o, key, buf);
}

/* Builds the JSON text; the lock is held. */
static char *render(const status_t *s, time_t now)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "pid", (double)getpid());
    add_time(root, "written", now);
    cJSON_AddNumberToObject(root, "written_unix", (double)now);
    add_time(root, "started", s->started);

    cJSON *show = cJSON_AddObjectToObject(root, "showing");
    cJSON_AddStringToObject(show, "item", s->show_id ? s->show_id : "");
    cJSON_AddStringToObject(show, "kind", s->show_kind ? s->show_kind : "");
    cJSON_AddStringToObject(show, "lang", s->show_lang ? s->show_lang : "");
    add_time(show, "since", s->show_since);
    cJSON_AddNumberToObject(show, "since_unix", (double)s->show_since);
    cJSON_AddNumberToObject(show, "slides", (double)s->slides);

    cJSON *pl = cJSON_AddObjectToObject(root, "player");
    cJSON_AddNumberToObject(pl, "uptime_s", (double)(now - s->started));
    if (s->has_player) {
        const struct status_player *p = &s->player;
        char mode[32];
        snprintf(mode, sizeof mode, "%dx%d", p->width, p->height);
        cJSON_AddStringToObject(pl, "display_mode", mode);
        cJSON_AddStringToObject(pl, "backend", p->backend);
        cJSON_AddBoolToObject(pl, "screen_on", p->screen_on);
        cJSON_AddNumberToObject(pl, "frames", (double)p->frames);
        cJSON_AddNumberToObject(pl, "late_frames", (double)p->long_frames);
        if (p->p99_ms > 0)
            cJSON_AddNumberToObject(pl, "p99_frame_ms", p->p99_ms);
        add_time(pl, "screenshot", p->screenshot_at);
        if (p->video_fault[0])
            cJSON_AddStringToObject(pl, "video_fault", p->video_fault);
        if (p->video_render[0])
            cJSON_AddStringToObject(pl, "video_render", p->video_render);
    }

    cJSON *feed = cJSON_AddObjectToObject(root, "feed");
    add_time(feed, "last_reload", s->reload_at);
    cJSON_AddNumberToObject(feed, "last_reload_unix", (double)s->reload_at);
    add_time(feed, "swapped", s->swapped_at);
    cJSON_AddNumberToObject(feed, "generation", s->generation);
    cJSON_AddNumberToObject(feed, "items", (double)s->items);
    cJSON *ids = cJSON_AddArrayToObject(feed, "ids");
    for (size_t i = 0; i < s->nids; i++)
        cJSON_AddItemToArray(ids, cJSON_CreateString(s->ids[i]));
    cJSON *left = cJSON_AddArrayToObject(feed, "left_out");
    for (size_t i = 0; i < s->nleft; i++)
        cJSON_AddItemToArray(left, cJSON_CreateString(s->left[i]));

    if (s->network)
        cJSON_AddStringToObject(root, "network", s->network);
    else
        cJSON_AddNullToObject(root, "network");

    if (s->write_error)
        cJSON_AddStringToObject(root, "state_error", s->write_error);

    cJSON *srcs = cJSON_AddArrayToObject(root, "sources");
    for (size_t i = 0; i < s->nsrc; i++) {
        const struct source *src = &s->src[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "source", src->name ? src->name : "");
        add_time(o, "last_good", src->last_good);
        cJSON_AddNumberToObject(o, "last_good_unix", (double)src->last_good);
        if (src->last_good)
            cJSON_AddNumberToObject(o, "age_s", (double)(now - src->last_good));
        else
            cJSON_AddNullToObject(o, "age_s");
        cJSON_AddNumberToObject(o, "items", (double)src->items);
        if (src->error) {
            cJSON_AddStringToObject(o, "last_error", src->error);
            add_time(o, "last_error_at", src->last_error_at);
        } else {
            cJSON_AddNullToObject(o, "last_error");
        }
        cJSON_AddItemToArray(srcs, o);
    }
    if (s->wx_source[0]) {
        cJSON *wx = cJSON_AddObjectToObject(root, "weather");
        cJSON_AddStringToObject(wx, "source", s->wx_source);
        add_time(wx, "describes", s->wx_at);
        add_time(wx, "checked", s->wx_checked);
        cJSON_AddNumberToObject(wx, "describes_unix", (double)s->wx_at);
        /* Shown while fresh, whatever the last request gave. */
        bool shown = s->wx_at > 0 && now - s->wx_at <= WEATHER_MAX_AGE_S && s->wx_at - now <= 3600;
        cJSON_AddBoolToObject(wx, "shown", shown);
        if (s->wx_error[0])
            cJSON_AddStringToObject(wx, "last_error", s->wx_error);
        else
            cJSON_AddNullToObject(wx, "last_error");
    }
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    return text;
}

char *status_text(status_t *s, time_t now, unsigned long *version)
{
    pthread_mutex_lock(&s->lock);
    char *text = NULL;
    if (s->changes != *version) {
        text = render(s, now);
        *version = s->changes;
    }
    pthread_mutex_unlock(&s->lock);
    return text;
}

/* Rewrites path in place, in the blocks it already has: on a full disk there
 * is no room for a new copy, but the old one can still say so. A reader may
 * catch the file half rewritten; it is only done while the disk is full. */
static int rewrite_in_place(const char *path, const char *text, size_t len)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t w = pwrite(fd, text, len, 0);
    int rc = w == (ssize_t)len && ftruncate(fd, (off_t)len) == 0 ? 0 : -1;
    close(fd);
    return rc;
}

int status_flush(status_t *s, time_t now, int force)
{
    pthread_mutex_lock(&s->write_lock);
    pthread_mutex_lock(&s->lock);
    if (!s->dirty && !force) {
        pthread_mutex_unlock(&s->lock);
        pthread_mutex_unlock(&s->write_lock);
        return 0;
    }
    char *text = render(s, now);
    s->dirty = false;
    pthread_mutex_unlock(&s->lock);

    size_t len = strlen(text);
    text = xrealloc(text, len + 2);
    text[len++] = '\n';
    int rc = atomic_replace(s->path, text, len);
    int err = errno;
    free(text);
    pthread_mutex_lock(&s->lock);
    if (rc < 0 && !s->write_failed)
        log_msg(LV_ERR,
                "%s: cannot write the status file: %s; free space in the state folder "
                "([paths] state)",
                s->path, strerror(err));
    else if (rc == 0 && s->write_failed)
        log_msg(LV_INFO, "%s: the status file is written again", s->path);
    s->write_failed = rc < 0;
    free(s->write_error);
    s->write_error = NULL;
    if (rc < 0) {
        /* say it in the file that status reads, if it can hold it */
        s->write_error =
            xasprintf("cannot write %s: %s; free space in the state folder ([paths] state)",
                      s->path, strerror(err));
        text = render(s, now);
        len = strlen(text);
        text = xrealloc(text, len + 2);
        text[len++] = '\n';
        rewrite_in_place(s->path, text, len);
        free(text);
    }
    pthread_mutex_unlock(&s->lock);
    pthread_mutex_unlock(&s->write_lock);
    return rc;
}
