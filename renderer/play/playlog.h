/* playlog — proof of play: one JSON line per slide shown, appended to
 * STATE/playlog-YYYY-MM.jsonl (a new file each month, in UTC, which is the
 * monthly rotation). Each line is written with one write(2) on an O_APPEND
 * descriptor, so a power cut loses at most the line being written; the file
 * is fdatasync'ed at least once a minute. Reading tolerates a torn last line. */
#ifndef VITRINE_PLAY_PLAYLOG_H
#define VITRINE_PLAY_PLAYLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

typedef struct playlog playlog_t;

/* Plays that start before this instant (2024-01-01 UTC, in ms) were timed by
 * a clock that was never set; they go to STATE/playlog-clock-unset.jsonl. */
#define PLAYLOG_CLOCK_MIN_MS 1704067200000LL

/* One showing of a slide. */
struct play_entry {
    int64_t start_ms;    /* UTC, milliseconds since the epoch */
    int utc_offset_s;    /* wall-clock offset at start (+7200 in summer in Paris) */
    int duration_ms;     /* how long it was actually on screen */
    const char *id;      /* item id ("" for generated slides such as the agenda) */
    const char *partner; /* partner id, or NULL */
    const char *screen;  /* screen id, or NULL */
    const char *lang;    /* "fr", "eu", "es", "en" */
    const char *kind;    /* "event", "agenda", "fallback"... */
};

/* Opens the play log in dir (created if missing). Returns NULL with a logged
 * message when dir cannot be used; the player then plays without a log.
 * background: write and sync on a thread of the log's own, so that a slow SD
 * card never holds up a frame (the player); otherwise in playlog_append. */
playlog_t *playlog_open(const char *dir, bool background);

/* Writes what is queued, then closes after a final sync. In the background it
 * waits at most 3 s for a disk that does not answer, then logs how many lines
 * are lost and returns. NULL is a no-op. */
void playlog_close(playlog_t *p);

/* Appends one entry; now_mono_ms is a CLOCK_MONOTONIC reading used to sync at
 * least every minute. Returns 0, or -1 after logging (disk full...; in the
 * background, -1 only when hours of lines are waiting): the player keeps
 * playing. */
int playlog_append(playlog_t *p, const struct play_entry *e, int64_t now_mono_ms);

/* Waits until every appended line is written. Returns -1 when a line could
 * not be written, or was refused on a full queue, since the last call (or,
 * without background, the last append failed), else 0. For tests and tools. */
int playlog_flush(playlog_t *p);

/* Formats one entry as its JSON line (with the trailing newline) into buf;
 * returns the length, or 0 when it does not fit. */
size_t playlog_format(const struct play_entry *e, char *buf, size_t size);

/* Parses one line. Strings point into line, which is modified. Returns 0, or
 * -1 for a torn or foreign line (which readers skip). */
int playlog_parse(char *line, struct play_entry *e);

/* Grouping for reports. */
enum report_by { REPORT_PARTNER, REPORT_ITEM, REPORT_DAY, REPORT_SCREEN };

struct report_filter {
    int64_t from_day, to_day; /* inclusive wall-clock days since 1970 (INT64_MIN/MAX: open) */
    const char *screen;       /* NULL: every screen */
    const char *partner;      /* NULL: every partner */
};

typedef struct report report_t;

/* Reads every playlog-*.jsonl in dir and sums plays and seconds per key.
 * Days are wall-clock days at the screen (start + utc_offset), so DST days
 * count right. Returns NULL when dir cannot be read. */
report_t *report_build(const char *dir, const struct report_filter *f, enum report_by by);
void report_free(report_t *r);

/* An empty report, for sums made elsewhere (the collector's database):
 * report_add adds plays and seconds to key; report_print sorts by key. */
report_t *report_new(enum report_by by);
void report_add(report_t *r, const char *key, long plays, double seconds);

/* Writes the report as an aligned table, or as CSV (key,plays,seconds). */
void report_print(const report_t *r, bool csv, FILE *out);

/* Totals, for tests. */
size_t report_rows(const report_t *r);
int report_row(const report_t *r, size_t i, const char **key, long *plays, double *seconds);

#endif
