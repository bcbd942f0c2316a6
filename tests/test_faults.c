/* Table-driven fault tests: a full disk under the cache, the status file and
 * the play log (a 64 KiB tmpfs when this machine lets us mount one, and
 * /dev/full); fonts that are not installed. In each, the error is reported,
 * what was there before stays whole, and nothing stops. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <cjson/cJSON.h>

#include "draw/font.h"
#include "draw/slide.h"
#include "draw/theme.h"
#include "model/util.h"
#include "play/cache.h"
#include "play/playlog.h"
#include "play/status.h"

static char full_dir[64]; /* a tiny tmpfs, or "" when mounting is not permitted */

static int setup(void **state)
{
    (void)state;
    snprintf(full_dir, sizeof full_dir, "/tmp/vitrine-full-XXXXXX");
    if (!mkdtemp(full_dir))
        return -1;
    if (mount("tmpfs", full_dir, "tmpfs", 0, "size=64k") != 0) {
        printf("note: cannot mount a tmpfs here (%s); the tmpfs rows are skipped\n",
               strerror(errno));
        rmdir(full_dir);
        full_dir[0] = '\0';
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (full_dir[0]) {
        umount(full_dir);
        rmdir(full_dir);
    }
    return 0;
}

static char *file_text(const char *path)
{
    size_t len;
    return read_file(path, 1 << 20, &len);
}

/* The cache on a full disk: a big feed copy fails, the small one stays. */
static void test_cache_full(void **state)
{
    (void)state;
    if (!full_dir[0])
        skip();
    char *dir = xasprintf("%s/cache", full_dir);
    cache_t *c = cache_create(dir, 1 << 20);
    assert_non_null(c);
    const char *small = "<feed version=\"1\"><items/></feed>\n";
    assert_int_equal(
        cache_feed_store(c, "http://x.test/f.xml", small, strlen(small), "\"a\"", NULL), 0);
    size_t big_len = 200 << 10;
    char *big = xmalloc(big_len);
    memset(big, ' ', big_len);
    int rows_failed = 0;
    if (cache_feed_store(c, "http://x.test/f.xml", big, big_len, "\"b\"", NULL) != -1) {
        printf("row 'feed over a full disk': stored\n");
        rows_failed++;
    }
    char *path = cache_feed_path(c, "http://x.test/f.xml");
    char *kept = file_text(path);
    if (!kept || strcmp(kept, small)) {
        printf("row 'previous copy whole': %s\n", kept ? "changed" : "gone");
        rows_failed++;
    }
    if (cache_image_store(c, "http://x.test/big.jpg", big, big_len) != -1) {
        printf("row 'image over a full disk': stored\n");
        rows_failed++;
    }
    /* no temporary file is left behind to fill the disk further */
    char *cmd = xasprintf("find '%s' -name '*.tmp' | grep -q .", dir);
    if (system(cmd) == 0) {
        printf("row 'no temporary left': found one\n");
        rows_failed++;
    }
    free(cmd);
    free(kept);
    free(path);
    free(big);
    cache_free(c);
    free(dir);
    assert_int_equal(rows_failed, 0);
}

/* The status file on a full disk: the write fails once, logged; the old
 * status stays readable. */
static void test_status_full(void **state)
{
    (void)state;
    if (!full_dir[0])
        skip();
    char *path = xasprintf("%s/status.json", full_dir);
    status_t *s = status_create(path);
    status_source_name(s, 0, "content/feed.xml");
    status_showing(s, 1000, "villa-arnaga", "place", "fr");
    assert_int_equal(status_flush(s, 1000, 1), 0);
    char *before = file_text(path);
    assert_non_null(before);
    /* fill the disk */
    char *filler = xasprintf("%s/filler", full_dir);
    FILE *f = fopen(filler, "w");
    char block[4096] = {0};
    while (f && fwrite(block, 1, sizeof block, f) == sizeof block && fflush(f) == 0)
        ;
    if (f)
        fclose(f);
    status_showing(s, 1001, "wifi", "notice", "fr");
    int rc = status_flush(s, 1001, 1);
    char *after = file_text(path);
    unlink(filler);
    assert_int_equal(rc, -1);
    assert_non_null(after);
    /* the old file, rewritten in its own blocks, says what is wrong (and what
     * is on screen now), so that `vitrine status` never shows stale data as
     * if it were fresh */
    assert_non_null(strstr(after, "\"state_error\""));
    assert_non_null(strstr(after, "\"wifi\""));
    cJSON *j = cJSON_Parse(after);
    assert_non_null(j);
    cJSON_Delete(j);
    free(after);
    free(before);
    free(filler);
    status_free(s);
    unlink(path);
    free(path);
}

/* Makes the folder dir (a mkdtemp template) and returns the path of the play
 * log file for the month of now in it, for the test to put something there. */
static char *month_log(char *dir, time_t now)
{
    assert_non_null(mkdtemp(dir));
    struct tm tm;
    gmtime_r(&now, &tm);
    return xasprintf("%s/playlog-%04d-%02d.jsonl", dir, tm.tm_year + 1900, tm.tm_mon + 1);
}

/* The play log on a full disk (/dev/full, wherever it is mounted): each
 * line fails after logging, and the player could go on. Written by the
 * player itself (each append returns -1) and by the background writer (each
 * flush reports the failure). */
static void test_playlog_full(void **state)
{
    bool bg = *(const bool *)*state;
    /* make test-arm64 runs under qemu-user, where a second thread spins
     * forever on these machines (see ARM64_SKIP in the Makefile). */
    if (bg && getenv("VITRINE_NO_THREADS")) {
        skip();
        return;
    }
    char dir[] = "/tmp/vitrine-playlog-XXXXXX";
    time_t now = time(NULL);
    char *link = month_log(dir, now);
    assert_int_equal(symlink("/dev/full", link), 0);
    playlog_t *p = playlog_open(dir, bg);
    struct play_entry e = {.start_ms = (int64_t)now * 1000,
                           .duration_ms = 8000,
                           .id = "villa-arnaga",
                           .lang = "fr",
                           .kind = "place"};
    int failed = 0;
    if (p) { /* a log that cannot be opened is also a logged, playable state */
        for (int i = 0; i < 3; i++) {
            int rc = playlog_append(p, &e, 1000 + i * 100000);
            if (bg ? rc != 0 || playlog_flush(p) != -1 : rc != -1)
                failed++;
        }
        playlog_close(p);
    }
    unlink(link);
    rmdir(dir);
    free(link);
    assert_int_equal(failed, 0);
}

/* A disk that stops answering (here a FIFO nobody drains, so writes block once
 * its buffer is full): the player's stop still returns, in about 3 s, instead of
 * waiting for systemd to kill it. Natively only (a second thread). */
static void test_playlog_stuck(void **state)
{
    (void)state;
    if (getenv("VITRINE_NO_THREADS")) {
        skip();
        return;
    }
    char dir[] = "/tmp/vitrine-playlog-XXXXXX";
    time_t now = time(NULL);
    char *fifo = month_log(dir, now);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    playlog_t *p = playlog_open(dir, true);
    assert_non_null(p);
    struct play_entry e = {.start_ms = (int64_t)now * 1000,
                           .duration_ms = 8000,
                           .id = "villa-arnaga",
                           .lang = "fr",
                           .kind = "place"};
    for (int i = 0; i < 2000; i++) /* 400 kB: far more than a pipe holds */
        assert_int_equal(playlog_append(p, &e, i), 0);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    playlog_close(p); /* the writer stays blocked; p is left to it */
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (s > 6)
        fail_msg("playlog_close took %.1f s on a stuck disk", s);
    unlink(fifo);
    rmdir(dir);
    free(fifo);
}

/* Fonts: a family that is not installed falls back with a warning; no font
 * at all is a start-up error that names the package to install. */
static void test_missing_font(void **state)
{
    (void)state;
    char warn[256], err[256];
    char *path = font_resolve("Nonexistent Family Zz", warn, sizeof warn, err, sizeof err);
    assert_non_null(path);
    if (!strstr(warn, "is not installed; using"))
        fail_msg("row 'fallback': warning '%s'", warn);
    free(path);

    diag_t *d = diag_create();
    theme_t *t = theme_load("themes/default", d);
    assert_non_null(t);
    free(t->font_file[0]);
    t->font_file[0] = NULL; /* what theme_load leaves when nothing matches */
    drawer_t *dr = drawer_create(t, 640, 360, d);
    assert_null(dr);
    int seen = 0;
    for (size_t i = 0; i < diag_count(d); i++)
        seen |= strstr(diag_get(d, i), "install the package fonts-dejavu-core") != NULL;
    if (!seen)
        fail_msg("row 'no font at all': no message naming fonts-dejavu-core");
    theme_free(t);
    diag_free(d);
}

static bool in_player = false, in_background = true;

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cache_full),
        cmocka_unit_test(test_status_full),
        cmocka_unit_test_prestate(test_playlog_full, &in_player),
        cmocka_unit_test_prestate(test_playlog_full, &in_background),
        cmocka_unit_test(test_playlog_stuck),
        cmocka_unit_test(test_missing_font),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
