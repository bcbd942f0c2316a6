#include "play/playlog.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cJSON.h>

#include "model/civil.h"
#include "model/util.h"

#define SYNC_EVERY_MS 60000
#define QUEUE_MAX     4096 /* lines waiting for the writer: hours of slides */
#define CLOSE_WAIT_MS 3000 /* how long a stop waits for a disk that does not answer */

/* A formatted line waiting for the background writer. */
struct pending {
    char *line;
    size_t n;
    int64_t start_ms, now_ms;
};

struct playlog {
    char *dir;
    int fd;
    int month; /* year * 12 + month - 1 of the open file */
    int64_t last_sync_ms;
    bool dirty;
    bool failing; /* a write failed: log once until one succeeds */
    /* The background writer (bg): the file fields above are then its own. */
    bool bg;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake, idle;
    struct pending *q; /* queued lines, q[0..nq) in order */
    size_t nq, qcap;
    bool busy; /* the writer holds lines taken from the queue */
    bool quit;
    bool done;      /* the writer has written, synced and closed all */
    size_t failed;  /* lines not written or refused, since the last flush */
    size_t dropped; /* lines refused since the queue was last found full */
};

static void sync_now(playlog_t *p, int64_t now_ms)
{
    if (p->fd >= 0 && p->dirty)
        fdatasync(p->fd);
    p->dirty = false;
    p->last_sync_ms = now_ms;
}

static int write_line(playlog_t *p, const char *line, size_t n, int64_t start_ms, int64_t now_ms);

/* The writer: takes every queued line at once, writes them without the lock,
 * and syncs once a minute while something is unsynced, even when no slide
 * changes (the screen is off at night). */
static void *writer(void *arg)
{
    playlog_t *p = arg;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->quit && p->nq == 0) {
            if (!p->dirty) {
                pthread_cond_wait(&p->wake, &p->lock);
                continue;
            }
            int64_t due = p->last_sync_ms + SYNC_EVERY_MS;
            struct timespec ts = {(time_t)(due / 1000), (long)(due % 1000) * 1000000L};
            if (pthread_cond_timedwait(&p->wake, &p->lock, &ts) != 0)
                break; /* due (or an error: sync rather than spin) */
        }
        if (p->nq == 0 && p->quit)
            break;
        struct pending *batch = p->q;
        size_t n = p->nq;
        p->q = NULL;
        p->nq = p->qcap = 0;
        p->busy = true;
        pthread_mutex_unlock(&p->lock);

        size_t failed = 0;
        for (size_t i = 0; i < n; i++) {
            if (write_line(p, batch[i].line, batch[i].n, batch[i].start_ms, batch[i].now_ms) < 0)
                failed++;
            free(batch[i].line);
        }
        free(batch);
        if (p->dirty && mono_ms() - p->last_sync_ms >= SYNC_EVERY_MS)
            sync_now(p, mono_ms());

        pthread_mutex_lock(&p->lock);
        p->failed += failed;
        p->busy = false;
        if (p->nq == 0)
            pthread_cond_broadcast(&p->idle);
    }
    pthread_mutex_unlock(&p->lock);
    /* The last sync and close are the writer's too: the player's stop waits
     * for them only so long (playlog_close). */
    if (p->fd >= 0) {
        sync_now(p, 0);
        close(p->fd);
        p->fd = -1;
    }
    pthread_mutex_lock(&p->lock);
    p->done = true;
    pthread_cond_broadcast(&p->idle);
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

playlog_t *playlog_open(const char *dir, bool background)
{
    if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
        log_msg(LV_ERR, "play log: cannot create %s: %s; playing without a play log", dir,
                strerror(errno));
        return NULL;
    }
    playlog_t *p = xcalloc(1, sizeof(*p));
    p->dir = xstrdup(dir);
    p->fd = -1;
    p->month = -1;
    p->last_sync_ms = mono_ms();
    if (background) {
        pthread_condattr_t ca;
        pthread_condattr_init(&ca);
        pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
        pthread_mutex_init(&p->lock, NULL);
        pthread_cond_init(&p->wake, &ca);
        pthread_cond_init(&p->idle, &ca);
        pthread_condattr_destroy(&ca);
        int rc = pthread_create(&p->thread, NULL, writer, p);
        p->bg = rc == 0;
        if (!p->bg) {
            log_msg(LV_WARN, "play log: no writer thread (%s); writing from the player",
                    strerror(rc));
            pthread_cond_destroy(&p->wake);
            pthread_cond_destroy(&p->idle);
            pthread_mutex_destroy(&p->lock);
        }
    }
    return p;
}

int playlog_flush(playlog_t *p)
{
    if (!p)
        return -1;
    if (!p->bg)
        return p->failing ? -1 : 0;
    pthread_mutex_lock(&p->lock);
    while (p->nq > 0 || p->busy)
        pthread_cond_wait(&p->idle, &p->lock);
    size_t failed = p->failed;
    p->failed = 0;
    pthread_mutex_unlock(&p->lock);
    return failed ? -1 : 0;
}

void playlog_close(playlog_t *p)
{
    if (!p)
        return;
    if (p->bg) {
        pthread_mutex_lock(&p->lock);
        p->quit = true;
        pthread_cond_signal(&p->wake);
        int64_t due = mono_ms() + CLOSE_WAIT_MS;
        struct timespec ts = {(time_t)(due / 1000), (long)(due % 1000) * 1000000L};
        while (!p->done && pthread_cond_timedwait(&p->idle, &p->lock, &ts) == 0)
            ;
        bool done = p->done;
        size_t left = p->nq;
        pthread_mutex_unlock(&p->lock);
        if (!done) {
            /* A dead SD card must not hold the stop until systemd kills the
             * player: leave the writer (and p, which it uses) to the exit. */
            log_msg(LV_ERR,
                    "play log: %s does not answer; stopping with %zu lines not "
                    "written",
                    p->dir, left);
            pthread_detach(p->thread);
            return;
        }
        pthread_join(p->thread, NULL);
        pthread_cond_destroy(&p->wake);
        pthread_cond_destroy(&p->idle);
        pthread_mutex_destroy(&p->lock);
    }
    if (p->fd >= 0) {
        sync_now(p, 0);
        close(p->fd);
    }
    free(p->dir);
    free(p);
}

static size_t json_str(char *out, size_t size, const char *s)
{
    size_t n = 0;
#define PUT(c)                                                                                    \
    do {                                                                                          \
        if (n + 1 < size)                                                                         \
            out[n] = (c);                                                                         \
        n++;                                                                                      \
    } while (0)
    PUT('"');
    for (const unsigned char *c = (const unsigned char *)(s ? s : ""); *c; c++) {
        if (*c == '"' || *c == '\\') {
            PUT('\\');
            PUT((char)*c);
        } else if (*c < 0x20) {
            char esc[8];
            snprintf(esc, sizeof esc, "\\u%04x", *c);
            for (char *e = esc; *e; e++)
                PUT(*e);
        } else {
            PUT((char)*c);
        }
    }
    PUT('"');
#undef PUT
    if (size)
        out[n < size ? n : size - 1] = '\0';
    return n;
}

size_t playlog_format(const struct play_entry *e, char *buf, size_t size)
{
    char id[512], partner[512], screen[256], lang[16], kind[32], when[40];
    json_str(id, sizeof id, e->id);
    json_str(partner, sizeof partner, e->partner);
    json_str(screen, sizeof screen, e->screen);
    json_str(lang, sizeof lang, e->lang);
    json_str(kind, sizeof kind, e->kind);
    /* Local wall-clock time with its offset: readable, and exact. */
    int64_t local_s = e->start_ms / 1000 + e->utc_offset_s;
    struct civil_fields f = civil_split(local_s);
    int off = e->utc_offset_s, aoff = off < 0 ? -off : off;
    snprintf(when, sizeof when, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%c%02d:%02d", f.year, f.month,
             f.day, f.hour, f.min, f.sec, (int)(e->start_ms % 1000), off < 0 ? '-' : '+',
             aoff / 3600, aoff / 60 % 60);
    int n = snprintf(buf, size,
                     "{\"start\":\"%s\",\"t\":%lld,\"duration\":%.3f,\"id\":%s,\"partner\":%s,"
                     "\"screen\":%s,\"lang\":%s,\"kind\":%s}\n",
                     when, (long long)e->start_ms, e->duration_ms / 1000.0, id,
                     e->partner ? partner : "null", e->screen ? screen : "null", lang, kind);
    return n > 0 && (size_t)n < size ? (size_t)n : 0;
}

/* Cuts a torn last line (a power cut, a full disk) off the file, so that the
 * next record starts on a line of its own; truncating needs no free space,
 * unlike writing the missing newline. */
static void cut_torn_tail(int fd)
{
    struct stat st;
    if (fstat(fd, &st) < 0 || st.st_size == 0)
        return;
    char buf[4096];
    off_t end = st.st_size;
    if (pread(fd, buf, 1, end - 1) != 1 || buf[0] == '\n')
        return;
    while (end > 0) {
        off_t from = end > (off_t)sizeof buf ? end - (off_t)sizeof buf : 0;
        ssize_t n = pread(fd, buf, (size_t)(end - from), from);
        if (n <= 0)
            return;
        for (ssize_t i = n - 1; i >= 0; i--)
            if (buf[i] == '\n') {
                (void)!ftruncate(fd, from + i + 1);
                return;
            }
        end = from;
    }
    (void)!ftruncate(fd, 0);
}

static int open_month(playlog_t *p, int64_t start_ms)
{
    struct civil_fields f = civil_split(start_ms / 1000);
    /* A clock that was never set (a Pi without network reads 1970) must not
     * start a file for a month long past: those lines go to one file that
     * says why. */
    bool unset = start_ms < PLAYLOG_CLOCK_MIN_MS;
    int month = unset ? -1 : f.year * 12 + f.month - 1;
    if (p->fd >= 0 && month == p->month)
        return 0;
    if (p->fd >= 0) {
        sync_now(p, p->last_sync_ms);
        close(p->fd);
        p->fd = -1;
    }
    char *path = unset ? xasprintf("%s/playlog-clock-unset.jsonl", p->dir)
                       : xasprintf("%s/playlog-%04d-%02d.jsonl", p->dir, f.year, f.month);
    if (unset)
        log_msg(LV_WARN,
                "play log: the clock reads %04d-%02d, it is not set; plays go to %s until it "
                "is (check the network time: timedatectl)",
                f.year, f.month, path);
    p->fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    int err = errno;
    if (p->fd < 0 && !p->failing)
        log_msg(LV_ERR, "play log: cannot open %s: %s", path, strerror(err));
    free(path);
    if (p->fd < 0) {
        p->failing = true;
        return -1;
    }
    cut_torn_tail(p->fd);
    p->month = month;
    return 0;
}

/* Writes one formatted line to the month's file, syncing when one is due. A
 * line that does not fit whole (a full disk) is cut off again, so the file
 * only ever holds whole records. */
static int write_line(playlog_t *p, const char *line, size_t n, int64_t start_ms, int64_t now_ms)
{
    if (open_month(p, start_ms) < 0)
        return -1;
    struct stat st;
    off_t before = fstat(p->fd, &st) == 0 ? st.st_size : -1;
    ssize_t w = write(p->fd, line, n);
    if (w != (ssize_t)n) {
        int err = w < 0 ? errno : ENOSPC;
        if (w > 0 && before >= 0)
            (void)!ftruncate(p->fd, before);
        else if (w > 0)
            cut_torn_tail(p->fd);
        if (!p->failing)
            log_msg(LV_ERR,
                    "play log: cannot write in %s (%s); plays are not recorded until it can: "
                    "free space there ([paths] state)",
                    p->dir, strerror(err));
        p->failing = true;
        return -1;
    }
    if (p->failing)
        log_msg(LV_INFO, "play log: writing again in %s", p->dir);
    p->failing = false;
    p->dirty = true;
    if (now_ms - p->last_sync_ms >= SYNC_EVERY_MS)
        sync_now(p, now_ms);
    return 0;
}

int playlog_append(playlog_t *p, const struct play_entry *e, int64_t now_mono_ms)
{
    if (!p)
        return -1;
    char line[2048];
    size_t n = playlog_format(e, line, sizeof line);
    if (n == 0)
        return -1;
    if (!p->bg)
        return write_line(p, line, n, e->start_ms, now_mono_ms);
    int rc = 0;
    pthread_mutex_lock(&p->lock);
    if (p->nq >= QUEUE_MAX) {
        /* The disk has not taken a line for hours: keep playing, count. */
        p->failed++;
        if (p->dropped++ == 0)
            log_msg(LV_ERR,
                    "play log: %s is not being written (disk stuck?); lines are "
                    "lost until it is",
                    p->dir);
        rc = -1;
    } else {
        if (p->dropped) {
            log_msg(LV_WARN, "play log: %zu lines were lost in %s", p->dropped, p->dir);
            p->dropped = 0;
        }
        if (p->nq == p->qcap) {
            p->qcap = p->qcap ? 2 * p->qcap : 16;
            p->q = xrealloc(p->q, p->qcap * sizeof *p->q);
        }
        char *copy = xmalloc(n);
        memcpy(copy, line, n);
        p->q[p->nq++] = (struct pending){copy, n, e->start_ms, now_mono_ms};
        pthread_cond_signal(&p->wake);
    }
    pthread_mutex_unlock(&p->lock);
    return rc;
}

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Parsed strings are copied back into line, which outlives the entry. */
static const char *keep(char **dst, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    memmove(*dst, s, n);
    const char *r = *dst;
    *dst += n;
    return r;
}

int playlog_parse(char *line, struct play_entry *e)
{
    size_t len = strlen(line);
    if (len == 0)
        return -1;
    cJSON *o = cJSON_ParseWithLength(line, len);
    if (!cJSON_IsObject(o)) {
        cJSON_Delete(o);
        return -1;
    }
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "t");
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(o, "duration");
    const char *start = jstr(o, "start"), *id = jstr(o, "id");
    int rc = -1;
    if (!cJSON_IsNumber(t) || !cJSON_IsNumber(d) || !start || !id || strlen(start) < 23)
        goto done;
    memset(e, 0, sizeof *e);
    e->start_ms = (int64_t)t->valuedouble;
    e->duration_ms = (int)(d->valuedouble * 1000 + 0.5);
    /* The offset is the tail of "start": +HH:MM. */
    const char *z = start + strlen(start) - 6;
    if ((z[0] != '+' && z[0] != '-') || z[3] != ':')
        goto done;
    int off = ((z[1] - '0') * 10 + (z[2] - '0')) * 3600 + ((z[4] - '0') * 10 + (z[5] - '0')) * 60;
    e->utc_offset_s = z[0] == '-' ? -off : off;
    /* Strings: copy into line (they are no longer than the line itself). */
    char *dst = line;
    char idb[512], pb[512], sb[256], lb[16], kb[32];
    snprintf(idb, sizeof idb, "%s", id);
    snprintf(pb, sizeof pb, "%s", jstr(o, "partner") ? jstr(o, "partner") : "");
    snprintf(sb, sizeof sb, "%s", jstr(o, "screen") ? jstr(o, "screen") : "");
    snprintf(lb, sizeof lb, "%s", jstr(o, "lang") ? jstr(o, "lang") : "");
    snprintf(kb, sizeof kb, "%s", jstr(o, "kind") ? jstr(o, "kind") : "");
    bool has_partner = jstr(o, "partner") != NULL, has_screen = jstr(o, "screen") != NULL;
    e->id = keep(&dst, idb);
    e->partner = has_partner ? keep(&dst, pb) : NULL;
    e->screen = has_screen ? keep(&dst, sb) : NULL;
    e->lang = keep(&dst, lb);
    e->kind = keep(&dst, kb);
    rc = 0;
done:
    cJSON_Delete(o);
    return rc;
}

/* ---- reports ---- */

struct row {
    char *key;
    long plays;
    double seconds;
};

struct report {
    struct row *rows;
    size_t n, cap;
    enum report_by by;
};

static struct row *row_get(report_t *r, const char *key)
{
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->rows[i].key, key))
            return &r->rows[i];
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->rows = xrealloc(r->rows, r->cap * sizeof(*r->rows));
    }
    r->rows[r->n] = (struct row){xstrdup(key), 0, 0};
    return &r->rows[r->n++];
}

static int row_cmp(const void *a, const void *b)
{
    return strcmp(((const struct row *)a)->key, ((const struct row *)b)->key);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void report_file(report_t *r, const char *path, const struct report_filter *f)
{
    FILE *fp = fopen(path, "r");
    if (!fp) {
        log_msg(LV_WARN, "report: cannot read %s: %s", path, strerror(errno));
        return;
    }
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, fp) > 0) {
        struct play_entry e;
        if (playlog_parse(line, &e) < 0) {
            /* A line torn by a power cut may have the next one glued on. */
            char *next = strstr(line + 1, "{\"start\"");
            if (!next || playlog_parse(next, &e) < 0)
                continue;
        }
        int64_t local_s = e.start_ms / 1000 + e.utc_offset_s;
        int64_t day = local_s >= 0 ? local_s / 86400 : -((-local_s + 86399) / 86400);
        if (day < f->from_day || day > f->to_day)
            continue;
        if (f->screen && (!e.screen || strcmp(f->screen, e.screen)))
            continue;
        if (f->partner && (!e.partner || strcmp(f->partner, e.partner)))
            continue;
        char key[600];
        if (r->by == REPORT_DAY) {
            struct civil_fields cf = civil_split(day * 86400);
            snprintf(key, sizeof key, "%04d-%02d-%02d", cf.year, cf.month, cf.day);
        } else if (r->by == REPORT_SCREEN) {
            snprintf(key, sizeof key, "%s", e.screen ? e.screen : "");
        } else if (r->by == REPORT_ITEM) {
            snprintf(key, sizeof key, "%s", e.id[0] ? e.id : e.kind);
        } else {
            if (!e.partner || !e.partner[0])
                continue;
            snprintf(key, sizeof key, "%s", e.partner);
        }
        struct row *row = row_get(r, key);
        row->plays++;
        row->seconds += e.duration_ms / 1000.0;
    }
    free(line);
    fclose(fp);
}

report_t *report_build(const char *dir, const struct report_filter *f, enum report_by by)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    report_t *r = xcalloc(1, sizeof(*r));
    r->by = by;
    char **names = NULL;
    size_t n = 0;
    for (struct dirent *de; (de = readdir(d));) {
        if (str_starts(de->d_name, "playlog-") && str_ends(de->d_name, ".jsonl")) {
            names = xrealloc(names, (n + 1) * sizeof(*names));
            names[n++] = xstrdup(de->d_name);
        }
    }
    closedir(d);
    if (n > 1) /* qsort(NULL, 0) is undefined: no play log yet */
        qsort(names, n, sizeof(*names), name_cmp);
    for (size_t i = 0; i < n; i++) {
        char *path = xasprintf("%s/%s", dir, names[i]);
        report_file(r, path, f);
        free(path);
        free(names[i]);
    }
    free(names);
    qsort(r->rows, r->n, sizeof(*r->rows), row_cmp);
    return r;
}

report_t *report_new(enum report_by by)
{
    report_t *r = xcalloc(1, sizeof(*r));
    r->by = by;
    return r;
}

void report_add(report_t *r, const char *key, long plays, double seconds)
{
    struct row *row = row_get(r, key);
    row->plays += plays;
    row->seconds += seconds;
}

void report_free(report_t *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        free(r->rows[i].key);
    free(r->rows);
    free(r);
}

size_t report_rows(const report_t *r)
{
    return r->n;
}

int report_row(const report_t *r, size_t i, const char **key, long *plays, double *seconds)
{
    if (i >= r->n)
        return -1;
    *key = r->rows[i].key;
    *plays = r->rows[i].plays;
    *seconds = r->rows[i].seconds;
    return 0;
}

static void csv_field(FILE *out, const char *s)
{
    if (!strpbrk(s, ",\"\n")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

void report_print(const report_t *r, bool csv, FILE *out)
{
    static const char *const heads[] = {"partner", "item", "day", "screen"};
    const char *head = heads[r->by];
    if (r->n > 1)
        qsort(r->rows, r->n, sizeof(*r->rows), row_cmp);
    long total_plays = 0;
    double total_s = 0;
    if (csv)
        fprintf(out, "%s,plays,seconds\n", head);
    else
        fprintf(out, "%-32s %8s %12s %10s\n", head, "plays", "seconds", "hh:mm:ss");
    for (size_t i = 0; i < r->n; i++) {
        const struct row *row = &r->rows[i];
        total_plays += row->plays;
        total_s += row->seconds;
        if (csv) {
            csv_field(out, row->key);
            fprintf(out, ",%ld,%.1f\n", row->plays, row->seconds);
        } else {
            long s = (long)(row->seconds + 0.5);
            fprintf(out, "%-32s %8ld %12.1f %4ld:%02ld:%02ld\n", row->key, row->plays,
                    row->seconds, s / 3600, s / 60 % 60, s % 60);
        }
    }
    if (!csv) {
        long s = (long)(total_s + 0.5);
        fprintf(out, "%-32s %8ld %12.1f %4ld:%02ld:%02ld\n", "total", total_plays, total_s,
                s / 3600, s / 60 % 60, s % 60);
    }
}
