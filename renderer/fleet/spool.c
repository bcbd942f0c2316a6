#include "fleet/spool.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "model/util.h"
#include "play/cache.h" /* atomic_replace, which has no home lower down yet */

#define CURSOR_FILE "fleet-spool.json"
#define SAVE_MS     1000
#define NAME_MAX_   40
#define LINE_MAX_   65536 /* a longer line is not a play record: skipped */

struct flight {
    uint64_t seq;
    char file[NAME_MAX_];
    int64_t end; /* the offset after the record's line */
    bool acked;
};

struct spool {
    char *dir;
    char *cursor_path;
    /* the cursor: everything before (cfile, coff) is acknowledged */
    char cfile[NAME_MAX_];
    int64_t coff;
    unsigned epoch;
    bool dirty, save_failed;
    int64_t saved_ms;
    /* reading: the next line is at (rfile, roff) */
    char rfile[NAME_MAX_];
    int64_t roff;
    int fd;
    char *buf;
    struct spool_rec rec;
    /* handed out, in order */
    struct flight *fl;
    size_t nfl, capfl;
    uint64_t next_seq, acked;
};

static bool is_log(const char *n)
{
    return str_starts(n, "playlog-") && str_ends(n, ".jsonl") && strlen(n) < NAME_MAX_;
}

static int log_filter(const struct dirent *e)
{
    return is_log(e->d_name);
}

/* The first play log named after `after` ("" for the first of all) into
 * out; false when there is none. */
static bool next_file(const spool_t *s, const char *after, char out[NAME_MAX_])
{
    struct dirent **list;
    int n = scandir(s->dir, &list, log_filter, alphasort);
    if (n < 0)
        return false;
    bool found = false;
    for (int i = 0; i < n; i++) {
        if (!found && strcmp(list[i]->d_name, after) > 0) {
            memcpy(out, list[i]->d_name, strlen(list[i]->d_name) + 1); /* is_log: it fits */
            found = true;
        }
        free(list[i]);
    }
    free(list);
    return found;
}

static int64_t file_size(const spool_t *s, const char *name)
{
    char *p = xasprintf("%s/%s", s->dir, name);
    struct stat st;
    int64_t size = stat(p, &st) == 0 ? (int64_t)st.st_size : -1;
    free(p);
    return size;
}

static void load_cursor(spool_t *s)
{
    size_t len;
    char *text = read_file(s->cursor_path, 4096, &len);
    cJSON *o = text ? cJSON_ParseWithLength(text, len) : NULL;
    free(text);
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(o, "file");
    const cJSON *off = cJSON_GetObjectItemCaseSensitive(o, "offset");
    const cJSON *ep = cJSON_GetObjectItemCaseSensitive(o, "epoch");
    if (cJSON_IsString(f) && is_log(f->valuestring) && cJSON_IsNumber(off) &&
        off->valuedouble >= 0) {
        snprintf(s->cfile, sizeof s->cfile, "%s", f->valuestring);
        s->coff = (int64_t)off->valuedouble;
        s->epoch = cJSON_IsNumber(ep) ? (unsigned)ep->valuedouble : 0;
    } else if (o) {
        log_msg(
            LV_WARN,
            "%s: not a spool cursor; every play log is sent again (the collector drops copies)",
            s->cursor_path);
    }
    cJSON_Delete(o);
    if (!s->cfile[0]) {
        if (!next_file(s, "", s->cfile))
            return; /* no play log yet */
        s->coff = 0;
    }
    int64_t size = file_size(s, s->cfile);
    if (size >= 0 && size < s->coff) {
        /* Acknowledged lines that never reached the card: new lines will be
         * written at the same offsets, under a new epoch. */
        log_msg(LV_WARN,
                "%s/%s is shorter than what was sent (%lld < %lld bytes): lines were lost "
                "in a power cut; the next ones get new ids",
                s->dir, s->cfile, (long long)size, (long long)s->coff);
        s->coff = size;
        s->epoch++;
        s->dirty = true;
    }
}

spool_t *spool_open(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        log_msg(LV_ERR, "%s: cannot read the play logs (%s); proof of play is not sent", dir,
                strerror(errno));
        return NULL;
    }
    closedir(d);
    spool_t *s = xcalloc(1, sizeof *s);
    s->dir = xstrdup(dir);
    s->cursor_path = xasprintf("%s/%s", dir, CURSOR_FILE);
    s->fd = -1;
    s->buf = xmalloc(LINE_MAX_ + 1);
    s->next_seq = 1;
    load_cursor(s);
    spool_rewind(s);
    return s;
}

int spool_save(spool_t *s)
{
    if (!s->dirty)
        return 0;
    char text[160];
    int n = snprintf(text, sizeof text, "{\"file\":\"%s\",\"offset\":%lld,\"epoch\":%u}\n",
                     s->cfile, (long long)s->coff, s->epoch);
    int rc = atomic_replace(s->cursor_path, text, (size_t)n);
    if (rc != 0 && !s->save_failed)
        log_msg(LV_ERR, "%s: cannot save the spool cursor (%s); records may be sent again",
                s->cursor_path, strerror(errno));
    s->save_failed = rc != 0;
    if (rc == 0)
        s->dirty = false;
    s->saved_ms = mono_ms();
    return rc;
}

void spool_close(spool_t *s)
{
    if (!s)
        return;
    spool_save(s);
    if (s->fd >= 0)
        close(s->fd);
    free(s->rec.line);
    free(s->fl);
    free(s->buf);
    free(s->cursor_path);
    free(s->dir);
    free(s);
}

static void close_read(spool_t *s)
{
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
}

void spool_rewind(spool_t *s)
{
    close_read(s);
    snprintf(s->rfile, sizeof s->rfile, "%s", s->cfile);
    s->roff = s->coff;
    s->nfl = 0;
}

/* Reads the line at roff into buf: its length, or -1 when no complete line
 * is there yet, or -2 for a line too long to be a record (skipped through
 * *skip). */
static ssize_t read_line(spool_t *s, int64_t *skip)
{
    size_t have = 0;
    for (;;) {
        ssize_t n = pread(s->fd, s->buf + have, LINE_MAX_ - have, s->roff + (int64_t)have);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        char *nl = memchr(s->buf + have, '\n', (size_t)n);
        if (nl)
            return nl - s->buf;
        have += (size_t)n;
        if (have >= LINE_MAX_) {
            *skip = (int64_t)have;
            return -2;
        }
    }
}

/* Opens rfile, or moves to the next play log when it is done. False when
 * there is nothing to read yet. */
static bool open_read(spool_t *s)
{
    if (s->fd >= 0)
        return true;
    if (!s->rfile[0] && !next_file(s, "", s->rfile))
        return false;
    char *p = xasprintf("%s/%s", s->dir, s->rfile);
    s->fd = open(p, O_RDONLY | O_CLOEXEC);
    free(p);
    if (s->fd >= 0)
        return true;
    /* Removed (an old month archived away): on to the next one. */
    char next[NAME_MAX_];
    if (!next_file(s, s->rfile, next))
        return false;
    snprintf(s->rfile, sizeof s->rfile, "%s", next);
    s->roff = 0;
    return open_read(s);
}

static bool valid_record(const char *line, size_t len)
{
    cJSON *o = cJSON_ParseWithLength(line, len);
    bool ok = cJSON_IsObject(o) && cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(o, "t"));
    cJSON_Delete(o);
    return ok;
}

bool spool_next(spool_t *s, struct spool_rec *out)
{
    for (;;) {
        if (!open_read(s))
            return false;
        int64_t skip = 0;
        ssize_t n = read_line(s, &skip);
        if (n == -2) {
            s->roff += skip;
            continue;
        }
        if (n < 0) {
            /* The end of this file for now; a newer month means it is done
             * (a torn last line there is never completed). Looking for one
             * only once this month's file is not the one being read keeps
             * an idle spool to one read per call. */
            char month[NAME_MAX_], next[NAME_MAX_];
            time_t now = time(NULL);
            struct tm tm;
            gmtime_r(&now, &tm);
            strftime(month, sizeof month, "playlog-%Y-%m.jsonl", &tm);
            if (strcmp(month, s->rfile) <= 0 || !next_file(s, s->rfile, next))
                return false;
            close_read(s);
            snprintf(s->rfile, sizeof s->rfile, "%s", next);
            s->roff = 0;
            continue;
        }
        int64_t start = s->roff;
        s->roff += n + 1;
        if (!valid_record(s->buf, (size_t)n))
            continue; /* torn by a power cut, or not a record */
        if (s->nfl == s->capfl) {
            s->capfl = s->capfl ? s->capfl * 2 : 64;
            s->fl = xrealloc(s->fl, s->capfl * sizeof *s->fl);
        }
        struct flight *f = &s->fl[s->nfl++];
        f->seq = s->next_seq++;
        snprintf(f->file, sizeof f->file, "%s", s->rfile);
        f->end = s->roff;
        f->acked = false;
        free(s->rec.line);
        s->rec.seq = f->seq;
        /* "playlog-2026-12.jsonl": the month is at offset 8. */
        snprintf(s->rec.rid, sizeof s->rec.rid, "%u-%.7s-%lld", s->epoch, s->rfile + 8,
                 (long long)start);
        s->rec.line = xmalloc((size_t)n + 1);
        memcpy(s->rec.line, s->buf, (size_t)n);
        s->rec.line[n] = 0;
        s->rec.len = (size_t)n;
        *out = s->rec;
        return true;
    }
}

void spool_ack(spool_t *s, uint64_t seq)
{
    size_t i = 0;
    while (i < s->nfl && s->fl[i].seq != seq)
        i++;
    if (i == s->nfl)
        return; /* from before a rewind: handed out again since */
    s->fl[i].acked = true;
    size_t k = 0;
    while (k < s->nfl && s->fl[k].acked)
        k++;
    if (k) {
        snprintf(s->cfile, sizeof s->cfile, "%s", s->fl[k - 1].file);
        s->coff = s->fl[k - 1].end;
        memmove(s->fl, s->fl + k, (s->nfl - k) * sizeof *s->fl);
        s->nfl -= k;
        s->acked += k;
        s->dirty = true;
    }
    if (s->dirty && mono_ms() - s->saved_ms >= SAVE_MS)
        spool_save(s);
}

size_t spool_inflight(const spool_t *s)
{
    return s->nfl;
}

uint64_t spool_acked(const spool_t *s)
{
    return s->acked;
}

int64_t spool_backlog(spool_t *s)
{
    if (!s->cfile[0])
        return 0;
    int64_t size = file_size(s, s->cfile);
    int64_t total = size > s->coff ? size - s->coff : 0;
    char name[NAME_MAX_];
    snprintf(name, sizeof name, "%s", s->cfile);
    char next[NAME_MAX_];
    while (next_file(s, name, next)) {
        int64_t n = file_size(s, next);
        total += n > 0 ? n : 0;
        snprintf(name, sizeof name, "%s", next);
    }
    return total;
}
