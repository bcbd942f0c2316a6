/* Table-driven tests for fleet/store, the collector's database: each play
 * message is stored once per screen and record id (a copy is dropped, the
 * same id from another screen is another play), bad messages are refused
 * with a reason, days are the screen's wall-clock days, and the reports sum
 * per partner, item, day and screen from the daily sums. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fleet/store.h"
#include "model/util.h"

#define PLAY(rid, start, t, dur, id, partner)                                                     \
    "{\"rid\":\"" rid "\",\"play\":{\"start\":\"" start "\",\"t\":" #t ",\"duration\":" #dur      \
    ",\"id\":\"" id "\",\"partner\":" partner ",\"screen\":\"x\",\"lang\":\"fr\","                \
    "\"kind\":\"event\"}}"

/* 2026-12-07T23:30 in Paris is 22:30 UTC: t = 1796682600000. */
static const struct row {
    const char *screen, *msg;
    int expect;        /* 1 stored, 0 copy, -1 refused */
    const char *error; /* refused: part of the message */
} rows[] = {
    {"accueil",
     PLAY("0-2026-12-0", "2026-12-07T23:30:00.000+01:00", 1796682600000, 10, "a", "\"p1\""), 1,
     NULL},
    {"accueil",
     PLAY("0-2026-12-0", "2026-12-07T23:30:00.000+01:00", 1796682600000, 10, "a", "\"p1\""), 0,
     NULL},
    {"thermes",
     PLAY("0-2026-12-0", "2026-12-07T23:30:00.000+01:00", 1796682600000, 10, "a", "\"p1\""), 1,
     NULL},
    /* 00:30 in Paris on the 8th is still the 7th in UTC: a day of its own. */
    {"accueil",
     PLAY("0-2026-12-200", "2026-12-08T00:30:00.000+01:00", 1796686200000, 5.5, "b", "\"p1\""), 1,
     NULL},
    {"accueil",
     PLAY("0-2026-12-400", "2026-12-08T00:31:00.000+01:00", 1796686260000, 4, "c", "null"), 1,
     NULL},
    {"accueil",
     PLAY("0-2026-12-400", "2026-12-08T00:31:00.000+01:00", 1796686260000, 4, "c", "null"), 0,
     NULL},
    {"accueil", "{\"rid\":\"x\"}", -1, "not a play record"},
    {"accueil", "[1,2]", -1, "not a play record"},
    {"accueil",
     "{\"play\":{\"t\":1,\"duration\":1,\"id\":\"a\",\"start\":\"2026-12-07T10:00:00.000+01:00\"}"
     "}",
     -1, "not a play record"},
    {"accueil", PLAY("0-2026-12-600", "2026-12-08", 1, 1, "a", "null"), -1, "not a play record"},
};

struct got {
    char keys[8][32];
    long plays[8];
    double secs[8];
    int n;
};

static void collect_row(void *ctx, const char *key, long plays, double seconds)
{
    struct got *g = ctx;
    if (g->n < 8) {
        snprintf(g->keys[g->n], 32, "%s", key);
        g->plays[g->n] = plays;
        g->secs[g->n] = seconds;
    }
    g->n++;
}

static void test_store(void **state)
{
    (void)state;
    char path[64];
    snprintf(path, sizeof path, "/tmp/vitrine-store-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    char err[300];
    store_t *s = store_open(path, false, err, sizeof err);
    if (!s)
        fail_msg("open: %s", err);
    assert_int_equal(store_begin(s), 0);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        err[0] = 0;
        int rc = store_play(s, "cambo", rows[i].screen, rows[i].msg, strlen(rows[i].msg), err,
                            sizeof err);
        if (rc != rows[i].expect)
            fail_msg("row %zu: %d, expected %d (%s)", i, rc, rows[i].expect, err);
        if (rows[i].error && !strstr(err, rows[i].error))
            fail_msg("row %zu: message '%s'", i, err);
    }
    assert_int_equal(store_commit(s), 0);
    assert_int_equal(store_count(s), 4);
    assert_int_equal(store_screen(s, "cambo", "accueil", "{\"online\":true}", 1, 1000), 0);

    static const struct {
        enum store_by by;
        const char *partner, *screen;
        int n;
        const char *key0;
        long plays0;
        double secs0;
    } q[] = {
        {STORE_PARTNER, NULL, NULL, 1, "p1", 3, 25.5},
        {STORE_ITEM, NULL, NULL, 3, "a", 2, 20},
        {STORE_ITEM, "p1", "accueil", 2, "a", 1, 10},
        {STORE_DAY, NULL, NULL, 2, "2026-12-07", 2, 20},
        {STORE_SCREEN, NULL, NULL, 2, "cambo/accueil", 3, 19.5},
    };
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
        struct store_query sq = {q[i].by, INT64_MIN, INT64_MAX, q[i].partner, NULL, q[i].screen};
        struct got g = {0};
        int n = store_report(s, &sq, collect_row, &g);
        if (n != q[i].n || g.n != n || strcmp(g.keys[0], q[i].key0) || g.plays[0] != q[i].plays0 ||
            g.secs[0] != q[i].secs0)
            fail_msg("query %zu: %d rows, first %s %ld %.1f", i, n, g.keys[0], g.plays[0],
                     g.secs[0]);
    }
    /* A day range: only the 8th. */
    struct store_query sq = {STORE_ITEM, 20795, 20795, NULL, NULL, NULL}; /* 2026-12-08 */
    struct got g = {0};
    assert_int_equal(store_report(s, &sq, collect_row, &g), 2);
    assert_string_equal(g.keys[0], "b");

    /* Screenshots: the last one of each screen, read back by a reader. */
    static const struct {
        const char *screen, *png;
        int64_t at;
    } shots[] = {
        {"accueil", "PNG-one", 100},
        {"accueil", "PNG-two", 200}, /* replaces the first */
        {"thermes", "PNG-three", 300},
    };
    for (size_t i = 0; i < sizeof shots / sizeof shots[0]; i++)
        if (store_shot(s, "cambo", shots[i].screen, shots[i].png, strlen(shots[i].png),
                       shots[i].at) != 0)
            fail_msg("shot %zu: not stored", i);
    store_close(s);
    s = store_open(path, true, err, sizeof err);
    if (!s)
        fail_msg("open read-only: %s", err);
    static const struct {
        const char *site, *screen, *want;
        int64_t at;
    } reads[] = {
        {"cambo", "accueil", "PNG-two", 200},
        {"cambo", "thermes", "PNG-three", 300},
        {"cambo", "ailleurs", NULL, 0},
        {"autre", "accueil", NULL, 0},
    };
    for (size_t i = 0; i < sizeof reads / sizeof reads[0]; i++) {
        size_t len = 0;
        int64_t at = 0;
        char *png = store_shot_get(s, reads[i].site, reads[i].screen, &len, &at);
        int64_t when = store_shot_time(s, reads[i].site, reads[i].screen);
        bool same = reads[i].want ? png && len == strlen(reads[i].want) &&
                                        !memcmp(png, reads[i].want, len) && at == reads[i].at
                                  : png == NULL;
        if (!same || when != reads[i].at)
            fail_msg("read %zu: %.*s at %lld (time %lld)", i, png ? (int)len : 6,
                     png ? png : "(none)", (long long)at, (long long)when);
        free(png);
    }
    store_close(s);
    unlink(path);
    char *aux = xasprintf("%s-wal", path);
    unlink(aux);
    free(aux);
    aux = xasprintf("%s-shm", path);
    unlink(aux);
    free(aux);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_store)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
