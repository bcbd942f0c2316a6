/* Tests for play/app on SDL's dummy video driver: a feed handed over with
 * app_set_feed (the seam for live reloads) plays from the next slide on,
 * and the hooks see every slide. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/diag.h"
#include "play/app.h"

static const char swapped_xml[] = "<feed version=\"1\"><items>"
                                  "<notice id=\"swapped-a\"><title>Nouveau A</title></notice>"
                                  "<notice id=\"swapped-b\"><title>Nouveau B</title></notice>"
                                  "</items></feed>";

static void *hand_over(void *arg)
{
    app_t *a = arg;
    usleep(900 * 1000);
    diag_t *d = diag_create();
    feed_t *f = feed_load_mem(swapped_xml, sizeof(swapped_xml) - 1, "swapped.xml", NULL, d);
    diag_free(d);
    if (f)
        app_set_feed(a, f);
    return NULL;
}

struct seen {
    int shown, swapped;
};

static void showing(void *ctx, const char *id, const char *kind, const char *lang)
{
    struct seen *s = ctx;
    (void)kind;
    (void)lang;
    s->shown++;
    if (!strncmp(id, "swapped-", 8))
        s->swapped++;
}

static void test_set_feed(void **state)
{
    (void)state;
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    char stats[] = "/tmp/vitrine-test-app-XXXXXX";
    int fd = mkstemp(stats);
    assert_true(fd >= 0);
    close(fd);
    struct app_opts o = {
        .feed_path = "content/feed.xml",
        .theme_dir = "themes/default",
        .display = {.win_w = 320, .win_h = 180, .backend = DISPLAY_SURFACE},
        .stats_path = stats,
        .duration_ms = 150,
        .quit_after_s = 2.5,
    };
    app_t *a = app_create(&o);
    struct seen seen = {0};
    struct app_hooks h = {.ctx = &seen, .showing = showing};
    app_set_hooks(a, &h);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, hand_over, a), 0);
    assert_int_equal(app_run(a), 0);
    pthread_join(t, NULL);
    struct app_status st;
    app_status(a, &st);
    app_free(a);

    FILE *f = fopen(stats, "r");
    assert_non_null(f);
    char line[512];
    int before = 0, after = 0, old_after_new = 0;
    while (fgets(line, sizeof(line), f)) {
        if (strncmp(line, "slide ", 6))
            continue;
        if (strstr(line, "id=swapped-"))
            after++;
        else if (after)
            old_after_new++;
        else
            before++;
    }
    fclose(f);
    unlink(stats);
    if (before < 1 || after < 2 || old_after_new)
        fail_msg("slides: %d before the swap, %d from the new feed, %d old ones after it", before,
                 after, old_after_new);
    if (seen.shown != before + after || seen.swapped != after)
        fail_msg("hooks saw %d slides (%d new), the trace %d (%d new)", seen.shown, seen.swapped,
                 before + after, after);
    if (st.slides_shown != (uint64_t)(before + after) || strncmp(st.slide_id, "swapped-", 8))
        fail_msg("status: %llu slides, on screen '%s'", (unsigned long long)st.slides_shown,
                 st.slide_id);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_feed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
