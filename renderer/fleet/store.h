/* store — the collector's database (SQLite, WAL): every play of every
 * screen, once, and the last status of each screen.
 *   screens(id, site, screen, online, status, seen)   one row per screen
 *   shots(screen_id, png, at)      each screen's last screenshot
 *   plays(screen_id, rid, start_ms, day, duration_ms, item, partner, lang, kind)
 *                                  primary key (screen_id, rid): a record
 *                                  sent twice is stored once
 *   daily(partner, day, screen_id, item, plays, ms)
 *                                  the sums the reports read, kept with each
 *                                  new play, so that a partner's month is a
 *                                  few hundred rows whatever the number of
 *                                  plays
 * Days are wall-clock days at the screen (start + its UTC offset), as in
 * `vitrine report` over play logs. One connection per thread. */
#ifndef VITRINE_FLEET_STORE_H
#define VITRINE_FLEET_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct store store_t;

/* Opens (creating it and its tables unless readonly) the database at path.
 * Returns NULL with a message naming the file in err. */
store_t *store_open(const char *path, bool readonly, char *err, size_t errsize);
void store_close(store_t *s);

/* Groups the writes that follow into one transaction (store_commit ends it);
 * without it, each write is its own. Returns 0 or -1. */
int store_begin(store_t *s);
int store_commit(store_t *s);

/* One play message of screen site/screen (the payload of
 * vitrine/SITE/SCREEN/play: {"rid": "...", "play": {a play log line}}).
 * Returns 1 when stored, 0 when that record was already there, -1 for a
 * message that is not a play record (err says why) or a database error. */
int store_play(store_t *s, const char *site, const char *screen, const char *msg, size_t len,
               char *err, size_t errsize);

/* The screen's last status message (JSON text) and whether it is online,
 * at unix time now. online < 0 leaves it as it was. Returns 0 or -1. */
int store_screen(store_t *s, const char *site, const char *screen, const char *status, int online,
                 int64_t now);

/* The screen's last screenshot (a PNG of len bytes), received at unix time
 * now, replacing the one before. Returns 0 or -1. */
int store_shot(store_t *s, const char *site, const char *screen, const void *png, size_t len,
               int64_t now);

/* The screen's last screenshot (heap, len bytes; at: when it came, may be
 * NULL), or NULL when there is none. */
void *store_shot_get(store_t *s, const char *site, const char *screen, size_t *len, int64_t *at);

/* When the screen's last screenshot came (unix time), or 0 for none. */
int64_t store_shot_time(store_t *s, const char *site, const char *screen);

/* Plays stored, in all. */
int64_t store_count(store_t *s);

enum store_by { STORE_PARTNER, STORE_ITEM, STORE_DAY, STORE_SCREEN };

struct store_query {
    enum store_by by;
    int64_t from_day, to_day;  /* inclusive, days since 1970 (INT64_MIN/MAX: open) */
    const char *partner;       /* NULL: every partner (STORE_PARTNER: every named one) */
    const char *site, *screen; /* NULL: every one */
};

/* Sums plays and seconds per key ("2026-12-07" for days, "SITE/SCREEN" for
 * screens), in key order, calling row for each. Returns rows, or -1. */
int store_report(store_t *s, const struct store_query *q,
                 void (*row)(void *ctx, const char *key, long plays, double seconds), void *ctx);

/* Calls fn for each screen: site, screen, online (0/1), last status JSON
 * (or NULL), unix time last heard of. Returns screens, or -1. */
int store_screens(store_t *s,
                  void (*fn)(void *ctx, const char *site, const char *screen, int online,
                             const char *status, int64_t seen),
                  void *ctx);

#endif
