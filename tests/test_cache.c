/* Tests for play/cache: atomic files that survive a kill -9, validators,
 * the image cache and its eviction. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/feed.h"
#include "model/util.h"
#include "play/cache.h"

static char *dir;

static int setup(void **state)
{
    (void)state;
    dir = xstrdup("/tmp/vitrine-cache-XXXXXX");
    assert_non_null(mkdtemp(dir));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char *cmd = xasprintf("rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(dir);
    return 0;
}

static void test_atomic_write(void **state)
{
    (void)state;
    char *p = xasprintf("%s/f.txt", dir);
    assert_int_equal(atomic_write(p, "one", 3), 0);
    assert_int_equal(atomic_write(p, "second", 6), 0);
    size_t len;
    char *t = read_file(p, 100, &len);
    assert_string_equal(t, "second");
    free(t);
    /* a folder that does not exist: -1 and nothing left behind */
    char *bad = xasprintf("%s/missing/f.txt", dir);
    assert_int_equal(atomic_write(bad, "x", 1), -1);
    free(bad);
    free(p);
}

static void test_feed_meta(void **state)
{
    (void)state;
    static const struct {
        const char *url, *etag, *lm;
    } rows[] = {
        {"https://a.test/feed.xml", "\"abc\"", "Wed, 01 Jul 2026 10:00:00 GMT"},
        {"http://b.test/f.json?x=1", NULL, "Thu, 02 Jul 2026 10:00:00 GMT"},
        {"https://c.test/f", "W/\"weak\"", NULL},
        {"https://d.test/f", NULL, NULL},
    };
    cache_t *c = cache_create(dir, 1 << 20);
    assert_non_null(c);
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        assert_int_equal(cache_feed_store(c, rows[i].url, "body", 4, rows[i].etag, rows[i].lm), 0);
        char *e, *l;
        time_t t;
        if (cache_feed_meta(c, rows[i].url, &e, &l, &t) != 0)
            fail_msg("row %zu: no meta", i);
        if ((rows[i].etag == NULL) != (e == NULL) || (e && strcmp(e, rows[i].etag)))
            fail_msg("row %zu: etag %s", i, e ? e : "(null)");
        if ((rows[i].lm == NULL) != (l == NULL) || (l && strcmp(l, rows[i].lm)))
            fail_msg("row %zu: last-modified %s", i, l ? l : "(null)");
        if (llabs((long long)(time(NULL) - t)) > 5)
            fail_msg("row %zu: stored time", i);
        free(e);
        free(l);
    }
    char *e, *l;
    assert_int_equal(cache_feed_meta(c, "https://none.test/", &e, &l, NULL), -1);
    cache_free(c);
}

static int count_files(const char *sub, bool tmp_only)
{
    char *p = xasprintf("%s/%s", dir, sub);
    DIR *d = opendir(p);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += e->d_name[0] != '.' && (!tmp_only || str_ends(e->d_name, ".tmp"));
    if (d)
        closedir(d);
    free(p);
    return n;
}

static void test_images(void **state)
{
    (void)state;
    cache_t *c = cache_create(dir, 1000);
    char big[600];
    memset(big, 'x', sizeof big);
    const char *a = "https://a.test/a.jpg", *b = "https://a.test/b.png?v=2";
    assert_int_equal(cache_image_store(c, a, big, sizeof big), 0);
    assert_true(cache_image_has(c, a));
    char *pa = cache_image_path(c, a), *pb = cache_image_path(c, b);
    assert_true(str_ends(pa, ".jpg"));
    assert_true(str_ends(pb, ".png"));
    /* over the bound: refused */
    assert_int_equal(cache_image_store(c, b, big, sizeof big), -1);
    assert_false(cache_image_has(c, b));
    /* once a is no longer used, it is evicted and b fits */
    const char *used[] = {b};
    assert_int_equal(cache_gc(c, used, 1), 0);
    assert_false(cache_image_has(c, a));
    assert_int_equal(cache_image_store(c, b, big, sizeof big), 0);
    assert_int_equal(cache_gc(c, used, 1), (int64_t)sizeof big);
    assert_int_equal(count_files("images", false), 1);
    free(pa);
    free(pb);
    cache_free(c);
}

static const char good_feed[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed version=\"1\"><settings/><items>"
    "<notice id=\"n%d\"><title>Avis %d</title><body>%s</body></notice></items></feed>\n";

/* A child rewrites the cached feed in a loop and is killed with SIGKILL at
 * random moments; the cache must always hold a complete feed that loads. */
static void test_kill9(void **state)
{
    (void)state;
    const char *url = "https://k.test/feed.xml";
    char *pad = xmalloc(50001);
    memset(pad, 'a', 50000);
    pad[50000] = '\0';
    cache_t *c = cache_create(dir, 1 << 20);
    char *first = xasprintf(good_feed, 0, 0, pad);
    assert_int_equal(cache_feed_store(c, url, first, strlen(first), "\"0\"", NULL), 0);
    free(first);
    srand(42);
    for (int round = 0; round < 8; round++) {
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            for (int i = 1;; i++) {
                char *t = xasprintf(good_feed, i, i, pad);
                char *etag = xasprintf("\"%d\"", i);
                cache_feed_store(c, url, t, strlen(t), etag, NULL);
                free(t);
                free(etag);
            }
        }
        usleep(20000 + (useconds_t)(rand() % 80000));
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        /* what a restarted player does */
        cache_t *c2 = cache_create(dir, 1 << 20);
        char *path = cache_feed_path(c2, url);
        diag_t *d = diag_create();
        feed_t *f = feed_load(path, d);
        if (!f) {
            diag_print(d, stderr);
            fail_msg("round %d: the cached feed does not load after kill -9", round);
        }
        assert_int_equal(feed_count(f), 1);
        feed_free(f);
        diag_free(d);
        free(path);
        cache_free(c2);
        /* no temporary file left; the .meta may be missing (then the next
         * poll is a full download, never a wrong 304) */
        assert_int_equal(count_files("feeds", true), 0);
    }
    free(pad);
    cache_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_atomic_write, setup, teardown),
        cmocka_unit_test_setup_teardown(test_feed_meta, setup, teardown),
        cmocka_unit_test_setup_teardown(test_images, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kill9, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
