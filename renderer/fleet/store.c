#include "fleet/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <sqlite3.h>

#include "model/civil.h"
#include "model/util.h"

static const char schema[] =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    "CREATE TABLE IF NOT EXISTS screens("
    "  id INTEGER PRIMARY KEY, site TEXT NOT NULL, screen TEXT NOT NULL,"
    "  online INTEGER NOT NULL DEFAULT 0, status TEXT, seen INTEGER NOT NULL DEFAULT 0,"
    "  UNIQUE(site, screen));"
    "CREATE TABLE IF NOT EXISTS plays("
    "  screen_id INTEGER NOT NULL, rid TEXT NOT NULL, start_ms INTEGER NOT NULL,"
    "  day INTEGER NOT NULL, duration_ms INTEGER NOT NULL, item TEXT NOT NULL,"
    "  partner TEXT NOT NULL, lang TEXT NOT NULL, kind TEXT NOT NULL,"
    "  PRIMARY KEY(screen_id, rid)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS daily("
    "  partner TEXT NOT NULL, day INTEGER NOT NULL, screen_id INTEGER NOT NULL,"
    "  item TEXT NOT NULL, plays INTEGER NOT NULL, ms INTEGER NOT NULL,"
    "  PRIMARY KEY(partner, day, screen_id, item)) WITHOUT ROWID;"
    /* Each screen's last screenshot, apart: the list of screens stays small. */
    "CREATE TABLE IF NOT EXISTS shots("
    "  screen_id INTEGER PRIMARY KEY, png BLOB NOT NULL, at INTEGER NOT NULL);"
    /* Reports over every partner read a range of days: covering. */
    "CREATE INDEX IF NOT EXISTS daily_days ON daily(day, partner, screen_id, item, plays, ms);";

enum { Q_SCREEN_ID, Q_SCREEN_ADD, Q_PLAY, Q_DAILY, Q_STATUS, Q_ONLINE, Q_SHOT, Q_COUNT, NQ };

static const char *const sql[NQ] = {
    [Q_SCREEN_ID] = "SELECT id FROM screens WHERE site = ?1 AND screen = ?2",
    [Q_SCREEN_ADD] = "INSERT INTO screens(site, screen) VALUES(?1, ?2)",
    [Q_PLAY] = "INSERT OR IGNORE INTO plays VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [Q_DAILY] = "INSERT INTO daily VALUES(?1, ?2, ?3, ?4, 1, ?5) ON CONFLICT DO UPDATE SET "
                "plays = plays + 1, ms = ms + excluded.ms",
    [Q_STATUS] = "UPDATE screens SET status = ?2, seen = ?3 WHERE id = ?1",
    [Q_ONLINE] = "UPDATE screens SET online = ?2, seen = ?3 WHERE id = ?1",
    [Q_SHOT] = "INSERT OR REPLACE INTO shots VALUES(?1, ?2, ?3)",
    [Q_COUNT] = "SELECT count(*) FROM plays",
};

struct store {
    sqlite3 *db;
    sqlite3_stmt *q[NQ];
    bool readonly;
    /* the last screen looked up: messages come in runs from one screen */
    char last_site[128], last_screen[128];
    int64_t last_id;
};

store_t *store_open(const char *path, bool readonly, char *err, size_t errsize)
{
    store_t *s = xcalloc(1, sizeof *s);
    s->readonly = readonly;
    int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
        goto fail;
    sqlite3_busy_timeout(s->db, 5000);
    if (!readonly && sqlite3_exec(s->db, schema, NULL, NULL, NULL) != SQLITE_OK)
        goto fail;
    for (int i = 0; i < NQ; i++) {
        if (readonly && i != Q_COUNT)
            continue;
        if (sqlite3_prepare_v2(s->db, sql[i], -1, &s->q[i], NULL) != SQLITE_OK)
            goto fail;
    }
    return s;
fail:
    snprintf(err, errsize, "%s: %s%s", path, s->db ? sqlite3_errmsg(s->db) : "out of memory",
             readonly ? " (is it the collector's database? see vitrine collect --db)" : "");
    store_close(s);
    return NULL;
}

void store_close(store_t *s)
{
    if (!s)
        return;
    for (int i = 0; i < NQ; i++)
        sqlite3_finalize(s->q[i]);
    sqlite3_close(s->db);
    free(s);
}

int store_begin(store_t *s)
{
    return sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int store_commit(store_t *s)
{
    if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
        return 0;
    log_msg(LV_ERR, "collector: cannot commit: %s", sqlite3_errmsg(s->db));
    return -1;
}

static int step_done(store_t *s, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        log_msg(LV_ERR, "collector: database: %s", sqlite3_errmsg(s->db));
        return -1;
    }
    return 0;
}

/* The id of screen site/screen, made on first sight; -1 on a database error. */
static int64_t screen_id(store_t *s, const char *site, const char *screen)
{
    if (s->last_id > 0 && !strcmp(site, s->last_site) && !strcmp(screen, s->last_screen))
        return s->last_id;
    sqlite3_stmt *q = s->q[Q_SCREEN_ID];
    sqlite3_bind_text(q, 1, site, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, screen, -1, SQLITE_STATIC);
    int64_t id = -1;
    if (sqlite3_step(q) == SQLITE_ROW)
        id = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    if (id < 0) {
        sqlite3_stmt *a = s->q[Q_SCREEN_ADD];
        sqlite3_bind_text(a, 1, site, -1, SQLITE_STATIC);
        sqlite3_bind_text(a, 2, screen, -1, SQLITE_STATIC);
        if (step_done(s, a) != 0)
            return -1;
        id = sqlite3_last_insert_rowid(s->db);
    }
    snprintf(s->last_site, sizeof s->last_site, "%s", site);
    snprintf(s->last_screen, sizeof s->last_screen, "%s", screen);
    s->last_id = id;
    return id;
}

static const char *jstr(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* "2026-12-07T10:42:05.123+01:00": the offset at the end, in seconds. */
static int parse_offset(const char *start, int *off)
{
    size_t n = start ? strlen(start) : 0;
    if (n < 6)
        return -1;
    const char *z = start + n - 6;
    if ((z[0] != '+' && z[0] != '-') || z[3] != ':')
        return -1;
    int v = ((z[1] - '0') * 10 + (z[2] - '0')) * 3600 + ((z[4] - '0') * 10 + (z[5] - '0')) * 60;
    *off = z[0] == '-' ? -v : v;
    return 0;
}

int store_play(store_t *s, const char *site, const char *screen, const char *msg, size_t len,
               char *err, size_t errsize)
{
    cJSON *o = cJSON_ParseWithLength(msg, len);
    const char *rid = jstr(o, "rid");
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(o, "play");
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(p, "t");
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(p, "duration");
    const char *id = jstr(p, "id"), *kind = jstr(p, "kind");
    int off = 0;
    int rc = -1;
    if (!rid || !*rid || !cJSON_IsNumber(t) || !cJSON_IsNumber(d) || !id ||
        parse_offset(jstr(p, "start"), &off) != 0) {
        snprintf(err, errsize,
                 "not a play record (rid, play.t, play.duration, play.id, "
                 "play.start expected)");
        goto out;
    }
    int64_t sid = screen_id(s, site, screen);
    if (sid < 0)
        goto out;
    int64_t start_ms = (int64_t)t->valuedouble;
    int64_t local_s = start_ms / 1000 + off;
    int64_t day = local_s >= 0 ? local_s / 86400 : -((-local_s + 86399) / 86400);
    int64_t ms = (int64_t)(d->valuedouble * 1000 + 0.5);
    /* Generated slides (agenda, fallback) have no id: their kind stands in,
     * as in the reports over play logs. */
    const char *item = *id ? id : kind ? kind : "";
    const char *partner = jstr(p, "partner") ? jstr(p, "partner") : "";
    sqlite3_stmt *q = s->q[Q_PLAY];
    sqlite3_bind_int64(q, 1, sid);
    sqlite3_bind_text(q, 2, rid, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, start_ms);
    sqlite3_bind_int64(q, 4, day);
    sqlite3_bind_int64(q, 5, ms);
    sqlite3_bind_text(q, 6, item, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 7, partner, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 8, jstr(p, "lang") ? jstr(p, "lang") : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 9, kind ? kind : "", -1, SQLITE_STATIC);
    if (step_done(s, q) != 0)
        goto out;
    if (sqlite3_changes(s->db) == 0) {
        rc = 0; /* a copy: the broker or the screen sent it again */
        goto out;
    }
    sqlite3_stmt *dq = s->q[Q_DAILY];
    sqlite3_bind_text(dq, 1, partner, -1, SQLITE_STATIC);
    sqlite3_bind_int64(dq, 2, day);
    sqlite3_bind_int64(dq, 3, sid);
    sqlite3_bind_text(dq, 4, item, -1, SQLITE_STATIC);
    sqlite3_bind_int64(dq, 5, ms);
    rc = step_done(s, dq) == 0 ? 1 : -1;
out:
    cJSON_Delete(o);
    return rc;
}

int store_screen(store_t *s, const char *site, const char *screen, const char *status, int online,
                 int64_t now)
{
    int64_t sid = screen_id(s, site, screen);
    if (sid < 0)
        return -1;
    if (status) {
        sqlite3_stmt *q = s->q[Q_STATUS];
        sqlite3_bind_int64(q, 1, sid);
        sqlite3_bind_text(q, 2, status, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 3, now);
        if (step_done(s, q) != 0)
            return -1;
    }
    if (online >= 0) {
        sqlite3_stmt *q = s->q[Q_ONLINE];
        sqlite3_bind_int64(q, 1, sid);
        sqlite3_bind_int(q, 2, online);
        sqlite3_bind_int64(q, 3, now);
        if (step_done(s, q) != 0)
            return -1;
    }
    return 0;
}

int store_shot(store_t *s, const char *site, const char *screen, const void *png, size_t len,
               int64_t now)
{
    int64_t sid = screen_id(s, site, screen);
    if (sid < 0)
        return -1;
    sqlite3_stmt *q = s->q[Q_SHOT];
    sqlite3_bind_int64(q, 1, sid);
    sqlite3_bind_blob64(q, 2, png, len, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, now);
    return step_done(s, q);
}

void *store_shot_get(store_t *s, const char *site, const char *screen, size_t *len, int64_t *at)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT h.png, h.at FROM shots h JOIN screens s ON s.id = h.screen_id "
                           "WHERE s.site = ?1 AND s.screen = ?2",
                           -1, &st, NULL) != SQLITE_OK)
        return NULL; /* a database older than the table: no screenshot yet */
    sqlite3_bind_text(st, 1, site, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, screen, -1, SQLITE_STATIC);
    void *png = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) {
        *len = (size_t)sqlite3_column_bytes(st, 0);
        png = xmalloc(*len ? *len : 1);
        memcpy(png, sqlite3_column_blob(st, 0), *len);
        if (at)
            *at = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return png;
}

int64_t store_shot_time(store_t *s, const char *site, const char *screen)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT h.at FROM shots h JOIN screens s ON s.id = h.screen_id "
                           "WHERE s.site = ?1 AND s.screen = ?2",
                           -1, &st, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_text(st, 1, site, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, screen, -1, SQLITE_STATIC);
    int64_t at = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return at;
}

int64_t store_count(store_t *s)
{
    sqlite3_stmt *q = s->q[Q_COUNT];
    int64_t n = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
    sqlite3_reset(q);
    return n;
}

int store_report(store_t *s, const struct store_query *q,
                 void (*row)(void *ctx, const char *key, long plays, double seconds), void *ctx)
{
    static const char *const keys[] = {
        [STORE_PARTNER] = "d.partner",
        [STORE_ITEM] = "d.item",
        [STORE_DAY] = "d.day",
        [STORE_SCREEN] = "s.site || '/' || s.screen",
    };
    /* Only the conditions asked for: "?3 IS NULL OR partner = ?3" would keep
     * SQLite from the primary key's partner prefix. */
    bool join = q->by == STORE_SCREEN || q->site || q->screen;
    char *text =
        xasprintf("SELECT %s AS k, sum(d.plays), sum(d.ms) FROM daily d%s"
                  " WHERE d.day BETWEEN ?1 AND ?2%s%s%s%s GROUP BY k ORDER BY k",
                  keys[q->by], join ? " JOIN screens s ON s.id = d.screen_id" : "",
                  q->partner ? " AND d.partner = ?3" : "",
                  q->by == STORE_PARTNER && !q->partner ? " AND d.partner != ''" : "",
                  q->site ? " AND s.site = ?4" : "", q->screen ? " AND s.screen = ?5" : "");
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(s->db, text, -1, &st, NULL);
    free(text);
    if (rc != SQLITE_OK) {
        log_msg(LV_ERR, "report: %s", sqlite3_errmsg(s->db));
        return -1;
    }
    sqlite3_bind_int64(st, 1, q->from_day);
    sqlite3_bind_int64(st, 2, q->to_day);
    if (q->partner)
        sqlite3_bind_text(st, 3, q->partner, -1, SQLITE_STATIC);
    if (q->site)
        sqlite3_bind_text(st, 4, q->site, -1, SQLITE_STATIC);
    if (q->screen)
        sqlite3_bind_text(st, 5, q->screen, -1, SQLITE_STATIC);
    int n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char key[300];
        if (q->by == STORE_DAY) {
            struct civil_fields f = civil_split(sqlite3_column_int64(st, 0) * 86400);
            snprintf(key, sizeof key, "%04d-%02d-%02d", f.year, f.month, f.day);
        } else {
            const unsigned char *k = sqlite3_column_text(st, 0);
            snprintf(key, sizeof key, "%s", k ? (const char *)k : "");
        }
        row(ctx, key, (long)sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2) / 1000.0);
        n++;
    }
    if (rc != SQLITE_DONE) {
        log_msg(LV_ERR, "report: %s", sqlite3_errmsg(s->db));
        n = -1;
    }
    sqlite3_finalize(st);
    return n;
}

int store_screens(store_t *s,
                  void (*fn)(void *ctx, const char *site, const char *screen, int online,
                             const char *status, int64_t seen),
                  void *ctx)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT site, screen, online, status, seen FROM screens "
                           "ORDER BY site, screen",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        fn(ctx, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
           sqlite3_column_int(st, 2), (const char *)sqlite3_column_text(st, 3),
           sqlite3_column_int64(st, 4));
        n++;
    }
    sqlite3_finalize(st);
    return n;
}
