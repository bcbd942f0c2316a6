/* Proof of play: the play log's format, its survival of a torn write, and
 * reports across log rotation and DST days. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/civil.h"
#include "play/playlog.h"

/* UTC milliseconds of a UTC wall-clock time. */
static int64_t utc_ms(int y, int mo, int d, int h, int mi)
{
    return civil_make(y, mo, d, h, mi, 0) * 1000;
}

static char *make_dir(void)
{
    char tmpl[] = "/tmp/vitrine-playlog-XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    return strdup(d);
}

static void rm_dir(char *dir)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(dir);
}

static void test_format_parse_roundtrip(void **state)
{
    (void)state;
    struct play_entry e = {
        .start_ms = utc_ms(2026, 10, 25, 0, 30) + 250,
        .utc_offset_s = 7200,
        .duration_ms = 10500,
        .id = "fete \"gateau\"",
        .partner = "p-hotel",
        .screen = "accueil",
        .lang = "eu",
        .kind = "event",
    };
    char line[1024];
    size_t n = playlog_format(&e, line, sizeof line);
    assert_true(n > 0);
    assert_int_equal(line[n - 1], '\n');
    assert_non_null(strstr(line, "\"start\":\"2026-10-25T02:30:00.250+02:00\""));
    struct play_entry back;
    assert_int_equal(playlog_parse(line, &back), 0);
    assert_int_equal(back.start_ms, e.start_ms);
    assert_int_equal(back.utc_offset_s, 7200);
    assert_int_equal(back.duration_ms, 10500);
    assert_string_equal(back.id, e.id);
    assert_string_equal(back.partner, "p-hotel");
    assert_string_equal(back.screen, "accueil");
    assert_string_equal(back.lang, "eu");

    static const char *const torn[] = {
        "",
        "{\"start\":\"2026-10-25T02:30:00.250+02:00\",\"t\":17",
        "garbage\n",
        "{}\n",
    };
    for (size_t i = 0; i < sizeof torn / sizeof torn[0]; i++) {
        char buf[200];
        snprintf(buf, sizeof buf, "%s", torn[i]);
        if (playlog_parse(buf, &back) == 0)
            fail_msg("torn row %zu parsed", i);
    }
}

/* Rows of the report test: plays written, then the expected sums. */
static const struct {
    int64_t start_ms;
    int offset, ms;
    const char *id, *partner, *screen;
} plays[] = {
    /* Paris, 2026-10-25 is the autumn DST day: 02:30 happens twice. */
    {0, 7200, 10000, "hotel", "p-hotel", "accueil"}, /* 00:30 UTC = 02:30 CEST */
    {1, 3600, 10000, "hotel", "p-hotel", "accueil"}, /* 01:30 UTC = 02:30 CET */
    {2, 3600, 8000, "resto", "p-resto", "thermes"},
    {3, 3600, 12000, "hotel", "p-hotel", "thermes"}, /* 2026-11-01, next month's file */
    {4, 7200, 5000, "notice", NULL, "accueil"},      /* 2026-10-24 */
};

static int64_t play_start(int i)
{
    switch (i) {
    case 0:
        return utc_ms(2026, 10, 25, 0, 30);
    case 1:
        return utc_ms(2026, 10, 25, 1, 30);
    case 2:
        return utc_ms(2026, 10, 25, 22, 59); /* 23:59 local, still the 25th */
    case 3:
        return utc_ms(2026, 11, 1, 9, 0);
    default:
        return utc_ms(2026, 10, 24, 21, 59); /* 23:59 local on the 24th */
    }
}

static const struct {
    enum report_by by;
    const char *from, *to, *screen;
    const char *key;
    long plays;
    double seconds;
    size_t rows;
} expect[] = {
    {REPORT_PARTNER, NULL, NULL, NULL, "p-hotel", 3, 32.0, 2},
    {REPORT_PARTNER, NULL, NULL, "thermes", "p-hotel", 1, 12.0, 2},
    {REPORT_PARTNER, "2026-10-25", "2026-10-25", NULL, "p-hotel", 2, 20.0, 2},
    {REPORT_DAY, NULL, NULL, NULL, "2026-10-25", 3, 28.0, 3},
    {REPORT_DAY, "2026-10-24", "2026-10-24", NULL, "2026-10-24", 1, 5.0, 1},
    {REPORT_ITEM, "2026-11-01", NULL, NULL, "hotel", 1, 12.0, 1},
};

/* make test-arm64 runs under qemu-user, where a second thread spins forever
 * on these machines (see ARM64_SKIP in the Makefile): the background writer
 * is then tested natively only. */
static bool no_threads(bool bg)
{
    return bg && getenv("VITRINE_NO_THREADS") != NULL;
}

static void test_report(void **state)
{
    bool bg = *(const bool *)*state;
    if (no_threads(bg)) {
        skip();
        return;
    }
    char *dir = make_dir();
    playlog_t *p = playlog_open(dir, bg);
    assert_non_null(p);
    for (size_t i = 0; i < sizeof plays / sizeof plays[0]; i++) {
        struct play_entry e = {
            .start_ms = play_start((int)plays[i].start_ms),
            .utc_offset_s = plays[i].offset,
            .duration_ms = plays[i].ms,
            .id = plays[i].id,
            .partner = plays[i].partner,
            .screen = plays[i].screen,
            .lang = "fr",
            .kind = "provider",
        };
        assert_int_equal(playlog_append(p, &e, (int64_t)i * 1000), 0);
    }
    playlog_close(p);

    /* A power cut in the middle of a write leaves a torn last line. */
    char path[300];
    snprintf(path, sizeof path, "%s/playlog-2026-10.jsonl", dir);
    FILE *f = fopen(path, "a");
    assert_non_null(f);
    fputs("{\"start\":\"2026-10-25T10:00:00.000+01:00\",\"t\":1792", f);
    fclose(f);
    /* ...and the player, restarted, appends after it. */
    p = playlog_open(dir, bg);
    struct play_entry e = {
        .start_ms = utc_ms(2026, 10, 26, 9, 0),
        .utc_offset_s = 3600,
        .duration_ms = 7000,
        .id = "resto",
        .partner = "p-resto",
        .screen = "accueil",
        .lang = "fr",
        .kind = "provider",
    };
    assert_int_equal(playlog_append(p, &e, 0), 0);
    playlog_close(p);

    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
        struct report_filter flt = {INT64_MIN, INT64_MAX, expect[i].screen, NULL};
        if (expect[i].from)
            flt.from_day = days_from_civil(atoi(expect[i].from), atoi(expect[i].from + 5),
                                           atoi(expect[i].from + 8));
        if (expect[i].to)
            flt.to_day = days_from_civil(atoi(expect[i].to), atoi(expect[i].to + 5),
                                         atoi(expect[i].to + 8));
        report_t *r = report_build(dir, &flt, expect[i].by);
        assert_non_null(r);
        bool found = false;
        for (size_t k = 0; k < report_rows(r); k++) {
            const char *key;
            long n;
            double s;
            report_row(r, k, &key, &n, &s);
            if (!strcmp(key, expect[i].key)) {
                found = true;
                if (n != expect[i].plays || s != expect[i].seconds)
                    fail_msg("row %zu: %s has %ld plays %.1f s, want %ld %.1f", i, key, n, s,
                             expect[i].plays, expect[i].seconds);
            }
        }
        if (!found)
            fail_msg("row %zu: no key %s", i, expect[i].key);
        /* The appended day-26 play counts in the unfiltered partner/day reports. */
        size_t want_rows = expect[i].rows + (expect[i].by == REPORT_DAY && !expect[i].from);
        if (report_rows(r) != want_rows)
            fail_msg("row %zu: %zu rows, want %zu", i, report_rows(r), want_rows);
        report_free(r);
    }
    if (getenv("KEEP"))
        printf("dir %s\n", dir);
    else
        rm_dir(dir);
}

/* The background writer keeps every line, in order, however fast they come. */
static void test_background_order(void **state)
{
    (void)state;
    if (no_threads(true)) {
        skip();
        return;
    }
    char *dir = make_dir();
    playlog_t *p = playlog_open(dir, true);
    assert_non_null(p);
    enum { LINES = 3000 };
    for (int i = 0; i < LINES; i++) {
        struct play_entry e = {.start_ms = utc_ms(2026, 11, 2, 10, 0) + i,
                               .duration_ms = 100,
                               .id = "soak",
                               .lang = "fr",
                               .kind = "notice"};
        assert_int_equal(playlog_append(p, &e, i), 0);
    }
    assert_int_equal(playlog_flush(p), 0);
    char path[300];
    snprintf(path, sizeof path, "%s/playlog-2026-11.jsonl", dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[512];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        struct play_entry e;
        assert_int_equal(playlog_parse(line, &e), 0);
        if (e.start_ms != utc_ms(2026, 11, 2, 10, 0) + n)
            fail_msg("line %d holds the entry of t=%lld", n, (long long)e.start_ms);
        n++;
    }
    fclose(f);
    assert_int_equal(n, LINES);
    playlog_close(p);
    rm_dir(dir);
}

/* Counts the lines of path, failing on any that is not a whole record. */
static int whole_lines(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char line[4096];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        struct play_entry e;
        if (playlog_parse(line, &e) != 0)
            fail_msg("line %d of %s is not a record: %s", n + 1, path, line);
        n++;
    }
    fclose(f);
    return n;
}

/* A full disk (here a file size limit, which cuts writes the same way): a
 * line that does not fit is cut off again, never glued to the next one, and
 * every record written before stays whole. Rows: the limit in bytes. */
static void test_full_disk(void **state)
{
    (void)state;
    static const long limits[] = {1, 150, 1000, 1001, 4096};
    signal(SIGXFSZ, SIG_IGN);
    for (size_t row = 0; row < sizeof limits / sizeof limits[0]; row++) {
        char *dir = make_dir();
        playlog_t *p = playlog_open(dir, false);
        assert_non_null(p);
        struct rlimit old, lim;
        getrlimit(RLIMIT_FSIZE, &old);
        lim = old;
        lim.rlim_cur = (rlim_t)limits[row];
        int ok = 0;
        for (int i = 0; i < 40; i++) {
            struct play_entry e = {.start_ms = utc_ms(2026, 11, 2, 10, 0) + i * 1000,
                                   .duration_ms = 8000,
                                   .id = "affiche-fete",
                                   .lang = "fr",
                                   .kind = "event"};
            if (i == 5)
                setrlimit(RLIMIT_FSIZE, &lim); /* the disk fills up */
            if (i == 30)
                setrlimit(RLIMIT_FSIZE, &old); /* space is freed */
            ok += playlog_append(p, &e, i) == 0;
        }
        setrlimit(RLIMIT_FSIZE, &old);
        playlog_close(p);
        char path[300];
        snprintf(path, sizeof path, "%s/playlog-2026-11.jsonl", dir);
        int lines = whole_lines(path);
        if (lines != ok)
            fail_msg("row %zu (limit %ld): %d records written, %d whole lines", row, limits[row],
                     ok, lines);
        if (ok < 15)
            fail_msg("row %zu: only %d records before and after the full disk", row, ok);
        rm_dir(dir);
    }
}

/* A clock that was never set (1970) names no playlog-1970-01 file. */
static void test_unset_clock(void **state)
{
    (void)state;
    char *dir = make_dir();
    playlog_t *p = playlog_open(dir, false);
    struct play_entry e = {
        .start_ms = 86400000, .duration_ms = 8000, .id = "x", .lang = "fr", .kind = "notice"};
    assert_int_equal(playlog_append(p, &e, 0), 0);
    playlog_close(p);
    char path[300];
    snprintf(path, sizeof path, "%s/playlog-1970-01.jsonl", dir);
    assert_int_equal(access(path, F_OK), -1);
    snprintf(path, sizeof path, "%s/playlog-clock-unset.jsonl", dir);
    assert_int_equal(whole_lines(path), 1);
    rm_dir(dir);
}

static bool in_player = false, in_background = true;

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_parse_roundtrip),
        cmocka_unit_test_prestate(test_report, &in_player),
        cmocka_unit_test_prestate(test_report, &in_background),
        cmocka_unit_test(test_background_order),
        cmocka_unit_test(test_full_disk),
        cmocka_unit_test(test_unset_clock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
