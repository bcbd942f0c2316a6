/* Tests for the rotation's decisions after a reload (sched_keep_next,
 * sched_takeover_waiting): the slide already chosen keeps its turn unless
 * its item is gone, no longer eligible, or a takeover must come at once.
 * One row per case; a failure names its row. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sched/sched.h"
#include "sched_fixture.h"

struct row {
    const char *name;
    const char *id;   /* the slide chosen before the reload */
    const char *at;   /* Paris wall-clock time of the reload, 2026-09-12 */
    const char *keep; /* the item that keeps the turn, or NULL: pick again */
    bool waiting;     /* sched_takeover_waiting(item id, or NULL when gone) */
};

static const struct row rows[] = {
    {"kept: still there and eligible", "normal", "13:00", "normal", false},
    {"gone from the new feed", "removed", "13:00", NULL, false},
    {"no longer eligible (until passed)", "ended", "13:00", NULL, false},
    {"preempted: a takeover is eligible", "normal", "14:10", NULL, true},
    {"a takeover keeps its turn beside another", "flash", "14:10", "flash", true},
    {"a takeover alone keeps its turn", "flash", "14:25", "flash", false},
    {"the other takeover is what waits", "flash2", "14:10", "flash2", true},
    {"after the takeovers, kept again", "normal", "14:40", "normal", false},
    {"a takeover gone, nothing waits", "removed", "14:40", NULL, false},
};

static void test_rows(void **state)
{
    (void)state;
    struct item it[4];
    it[0] = fx_item(KIND_NOTICE, "normal");
    it[1] = fx_item(KIND_NOTICE, "ended");
    it[1].sched.until = fx_civil("2026-09-12T12:00", NULL);
    it[2] = fx_item(KIND_NOTICE, "flash");
    it[2].sched.priority = PRIO_TAKEOVER;
    it[2].sched.from = fx_civil("2026-09-12T14:00", NULL);
    it[2].sched.until = fx_civil("2026-09-12T14:30", NULL);
    it[3] = it[2];
    it[3].id = "flash2";
    it[3].title.s[LANG_FR] = "flash2";
    it[3].sched.until = fx_civil("2026-09-12T14:20", NULL);
    const struct item *p[4] = {&it[0], &it[1], &it[2], &it[3]};
    struct feed_settings st;
    sched_default_settings(&st);
    struct sched_config cfg = fx_config();
    sched_t *s = sched_create(&cfg);
    assert_non_null(s);
    sched_set_items(s, p, 4, &st);

    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        const struct row *w = &rows[r];
        char wall[32];
        snprintf(wall, sizeof wall, "2026-09-12T%s", w->at);
        time_t now = fx_paris(wall);
        const struct item *kept = sched_keep_next(s, w->id, now);
        const char *got = kept ? kept->id : NULL;
        if ((got == NULL) != (w->keep == NULL) || (got && strcmp(got, w->keep)))
            fail_msg("row %zu (%s): kept %s, expected %s", r, w->name, got ? got : "nothing",
                     w->keep ? w->keep : "nothing");
        const struct item *self = NULL;
        for (int i = 0; i < 4; i++)
            if (!strcmp(p[i]->id, w->id))
                self = p[i];
        bool waiting = sched_takeover_waiting(s, self, now);
        if (waiting != w->waiting)
            fail_msg("row %zu (%s): takeover waiting %d, expected %d", r, w->name, waiting,
                     w->waiting);
    }
    sched_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
