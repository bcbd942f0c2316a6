/* Tests for play/app on SDL's dummy video driver: a feed handed over through
 * the take_feed hook (the seam for live reloads) plays from the next slide
 * on, and the hooks see every slide; the screen turns on and off at the
 * second the screen hours say (issue 17, point 4). */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/civil.h"
#include "model/diag.h"
#include "model/item.h"
#include "play/app.h"

static const char swapped_xml[] = "<feed version=\"1\"><items>"
                                  "<notice id=\"swapped-a\"><title>Nouveau A</title></notice>"
                                  "<notice id=\"swapped-b\"><title>Nouveau B</title></notice>"
                                  "</items></feed>";

/* A loader thread of its own: the new feed is ready after 0.9 s. */
struct loader {
    app_t *app;
    pthread_mutex_t lock;
    feed_t *ready;
};

static void *hand_over(void *arg)
{
    struct loader *l = arg;
    usleep(900 * 1000);
    diag_t *d = diag_create();
    feed_t *f = feed_load_mem(swapped_xml, sizeof(swapped_xml) - 1, "swapped.xml", NULL, d);
    diag_free(d);
    pthread_mutex_lock(&l->lock);
    l->ready = f;
    pthread_mutex_unlock(&l->lock);
    app_wake(l->app);
    return NULL;
}

struct seen {
    int shown, swapped;
    struct loader *loader;
};

static feed_t *take_feed(void *ctx)
{
    struct seen *s = ctx;
    pthread_mutex_lock(&s->loader->lock);
    feed_t *f = s->loader->ready;
    s->loader->ready = NULL;
    pthread_mutex_unlock(&s->loader->lock);
    return f;
}

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
        .quit_after_s = 4, /* room for two new slides on a loaded machine */
    };
    app_t *a = app_create(&o);
    struct loader loader = {.app = a, .lock = PTHREAD_MUTEX_INITIALIZER};
    struct seen seen = {.loader = &loader};
    struct app_hooks h = {.ctx = &seen, .take_feed = take_feed, .showing = showing};
    app_set_hooks(a, &h);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, hand_over, &loader), 0);
    assert_int_equal(app_run(a), 0);
    pthread_join(t, NULL);
    feed_free(loader.ready);
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

/* ---- screen power on time ------------------------------------------------ */

static const char power_xml[] = "<feed version=\"1\"><settings><agenda_days>0</agenda_days>"
                                "</settings><items>"
                                "<notice id=\"power-a\"><title>A</title></notice>"
                                "<notice id=\"power-b\"><title>B</title></notice>"
                                "</items></feed>";

struct power_row {
    const char *name;
    bool opens; /* the screen hours start at the flip (else they end there) */
};

static const struct power_row power_rows[] = {
    {"screen hours start: the screen turns on", true},
    {"screen hours end: the screen turns off", false},
};

struct shown {
    int n;
    double at[64]; /* wall-clock seconds */
    bool blank[64];
};

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void power_showing(void *ctx, const char *id, const char *kind, const char *lang)
{
    struct shown *s = ctx;
    (void)id;
    (void)lang;
    if (s->n < 64) {
        s->at[s->n] = wall_now();
        s->blank[s->n++] = !strcmp(kind, "blank");
    }
}

static double read_stamp(const char *path)
{
    FILE *f = fopen(path, "r");
    double t = -1;
    if (f) {
        if (fscanf(f, "%lf", &t) != 1)
            t = -1;
        fclose(f);
    }
    return t;
}

/* The player's clock is moved (clock_offset_s) so that the screen hours
 * flip 2 s after it starts. Before the fix, the flip waited for the end of
 * the slide chosen before it: the second blank slide (2 s later) or the
 * 10 s slide. Bound: 0.5 s, for starting the hook's shell on a loaded
 * machine. */
static void test_power_on_time(void **state)
{
    (void)state;
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    char dir[] = "/tmp/vitrine-test-power-XXXXXX";
    assert_non_null(mkdtemp(dir));
    for (size_t r = 0; r < sizeof power_rows / sizeof power_rows[0]; r++) {
        const struct power_row *row = &power_rows[r];
        diag_t *d = diag_create();
        feed_t *f = feed_load_mem(power_xml, sizeof(power_xml) - 1, "power.xml", NULL, d);
        diag_free(d);
        assert_non_null(f);

        /* The wall-clock minute that starts 2 s from now, as the player sees it. */
        time_t now = (time_t)wall_now();
        int64_t off = (58 - now % 60 + 60) % 60;
        double due = (double)(now + 2);
        struct sched_config sc = {0}; /* vitrine.conf's defaults */
        sched_t *probe = sched_create(&sc);
        sched_set_feed(probe, f);
        struct civil_fields cf = civil_split(sched_civil(probe, now + off + 2));
        sched_free(probe);
        int m = cf.hour * 60 + cf.min;
        int start = row->opens ? m : (m + 1440 - 30) % 1440;
        int end = row->opens ? (m + 30) % 1440 : (m ? m : 1440);
        char hours[64], err[200];
        snprintf(hours, sizeof hours, "%02d:%02d-%02d:%02d", start / 60, start % 60, end / 60,
                 end % 60);
        sc.has_screen_hours = true;
        if (hours_parse(hours, &sc.screen_hours, err, sizeof err) != 0)
            fail_msg("%s: hours '%s': %s", row->name, hours, err);

        char on_file[128], off_file[128], on_cmd[200], off_cmd[200];
        snprintf(on_file, sizeof on_file, "%s/on-%zu", dir, r);
        snprintf(off_file, sizeof off_file, "%s/off-%zu", dir, r);
        snprintf(on_cmd, sizeof on_cmd, "date +%%s.%%N > %s", on_file);
        snprintf(off_cmd, sizeof off_cmd, "date +%%s.%%N > %s", off_file);
        struct app_opts o = {
            .theme_dir = "themes/default",
            .display = {.win_w = 320, .win_h = 180, .backend = DISPLAY_SURFACE},
            .duration_ms = 10000,
            .quit_after_s = 3.5,
            .no_clock = true,
            .feed = f,
            .sched = &sc,
            .display_on = on_cmd,
            .display_off = off_cmd,
            .clock_offset_s = off,
        };
        app_t *a = app_create(&o);
        struct shown shown = {0};
        struct app_hooks h = {.ctx = &shown, .showing = power_showing};
        app_set_hooks(a, &h);
        assert_int_equal(app_run(a), 0);
        app_free(a);

        double hook = read_stamp(row->opens ? on_file : off_file);
        double slide = -1;
        bool before_ok = true;
        for (int i = 0; i < shown.n; i++) {
            if (shown.blank[i] == !row->opens) { /* what the flip brings */
                slide = shown.at[i];
                break;
            }
        }
        for (int i = 0; i < shown.n; i++) /* before the flip: the other form only */
            if (shown.at[i] < due - 0.05 && shown.blank[i] != row->opens)
                before_ok = false;
        if (hook < due - 0.05 || hook > due + 0.5)
            fail_msg("%s (hours %s): the hook ran %+.3f s from the flip", row->name, hours,
                     hook < 0 ? -99.0 : hook - due);
        if (slide < due - 0.05 || slide > due + 0.5 || !before_ok)
            fail_msg("%s (hours %s): the %s slide came %+.3f s from the flip", row->name, hours,
                     row->opens ? "first item" : "blank", slide < 0 ? -99.0 : slide - due);
        print_message("%s: hook %+.3f s, slide %+.3f s from the flip\n", row->name, hook - due,
                      slide - due);
        unlink(on_file);
        unlink(off_file);
    }
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_feed),
        cmocka_unit_test(test_power_on_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
