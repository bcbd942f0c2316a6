/* Table-driven tests for model/config: defaults, the INI file, overrides,
 * and a FILE:LINE message for every mistake. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ini_fixture.h"
#include "model/config.h"
#include "model/util.h"

static const struct {
    const char *name;
    const char *ini;
    const char *error; /* NULL: no problem; else ":LINE: substring" expected */
    const char *key;   /* checked with config_print when no error: "key = value" */
} rows[] = {
    {"empty file keeps defaults", "", NULL, "feed = content/feed.xml"},
    {"comments", "; a comment\n# another\n[content]\ntheme = themes/dark ; inline\n", NULL,
     "theme = themes/dark"},
    {"two feeds replace the default", "[content]\nfeed = a.xml\nfeed = https://x.test/f.xml\n",
     NULL, "feed = https://x.test/f.xml"},
    {"languages", "[screen]\nlanguages = fr eu es en\n", NULL, "languages = fr eu es en"},
    {"policy", "[screen]\nlanguage_policy = dual\n", NULL, "language_policy = dual"},
    {"hours", "[screen]\nhours = Mo-Sa 08:00-19:00\n", NULL, "hours = Mo-Sa 08:00-19:00"},
    {"size", "[paths]\ncache_size = 64M\n", NULL, "cache_size = 67108864"},
    {"poll", "[network]\npoll = 300\n", NULL, "poll = 300"},
    {"hook with semicolon", "[screen]\ndisplay_off = vcgencmd display_power 0;true\n", NULL,
     "display_off = vcgencmd display_power 0;true"},
    {"unknown key", "[screen]\n\nbrightness = 3\n", ":3: unknown key 'brightness'", NULL},
    {"key in wrong section", "[network]\ntheme = x\n", ":2: 'theme' belongs in section [content]",
     NULL},
    {"outside section", "theme = x\n", ":1: 'theme' is outside any section", NULL},
    {"bad language", "[screen]\nlanguages = fr de\n", ":2: languages: unknown language 'de'",
     NULL},
    {"bad policy", "[screen]\nlanguage_policy = random\n", ":2: language_policy: 'random'", NULL},
    {"bad number", "[network]\npoll = often\n", ":2: poll: 'often' is not valid", NULL},
    {"number out of range", "[network]\npoll = 0\n",
     ":2: poll: '0' is not valid; expected a "
     "whole number from 1 to 86400",
     NULL},
    {"nan number", "[network]\npoll = nan\n", ":2: poll: 'nan' is not valid", NULL},
    {"nan seconds", "[screen]\nmin_duration = NaN\n", ":2: min_duration: 'NaN' is not valid",
     NULL},
    {"nan size", "[paths]\ncache_size = nanM\n", ":2: cache_size: 'nanM' is not a valid size",
     NULL},
    {"bad size", "[paths]\ncache_size = lots\n", ":2: cache_size: 'lots' is not a valid size",
     NULL},
    {"bad bool", "[screen]\nplaylog = maybe\n", ":2: playlog: 'maybe'", NULL},
    {"bad hours", "[screen]\nhours = Mo-Sa 25:00-19:00\n", ":2: hours:", NULL},
    {"ftp refused", "[content]\nfeed = ftp://x.test/f.xml\n",
     ":2: feed: 'ftp://x.test/f.xml' "
     "is neither",
     NULL},
    {"not key value", "[content]\nthis is not ini\n", ":2: not a 'key = value' line", NULL},
    {"band refused at its line", "[screen]\n\nband = middle\n",
     ":3: band: 'middle' is not valid; expected off, top or bottom", NULL},
    {"band", "[screen]\nband = Bottom\n", NULL, "band = bottom"},
    {"booleans as in a theme", "[screen]\nplaylog = off\n", NULL, "playlog = false"},
    {"section any case", "[Screen]\nid = accueil\n", NULL, "id = accueil"},
    {"outside section names all", "drop = x\n",
     ":1: 'drop' is outside any section; put it under [content], [screen], [weather], "
     "[network], [paths] or [fleet]",
     NULL},
};

static void test_rows(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        char *path = ini_tmp(rows[i].ini);
        struct config *cfg = config_defaults();
        diag_t *d = diag_create();
        int problems = config_read(cfg, path, d);
        char *out = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&out, &len);
        config_print(cfg, m);
        fclose(m);
        ini_check(i, rows[i].name, path, problems, d, rows[i].error, out, rows[i].key);
        free(out);
        diag_free(d);
        config_free(cfg);
        unlink(path);
        free(path);
    }
}

static void test_defaults(void **state)
{
    (void)state;
    struct config *cfg = config_defaults();
    assert_int_equal(cfg->nsources, 1);
    assert_string_equal(cfg->sources[0], "content/feed.xml");
    assert_string_equal(cfg->drop, "content/drop");
    assert_string_equal(cfg->theme, "themes/default");
    assert_string_equal(cfg->cache_dir, "cache");
    assert_string_equal(cfg->state_dir, "state");
    assert_int_equal(cfg->poll_s, 60);
    assert_false(cfg->has_hours);
    diag_t *d = diag_create();
    assert_int_equal(config_validate(cfg, d), 0);
    diag_free(d);
    config_free(cfg);
}

/* A broker needs a site and a screen name that can sit in a topic. */
static void test_fleet_validate(void **state)
{
    (void)state;
    static const struct {
        const char *ini;
        int problems;
    } cases[] = {
        {"[fleet]\nsite = cambo\n", 0}, /* no broker: nothing is checked */
        {"[screen]\nid = accueil\n[fleet]\nbroker = mq.test\nsite = cambo\n", 0},
        {"[fleet]\nbroker = mq.test:8883\nsite = cambo\nscreen = thermes\n", 0},
        {"[screen]\nid = accueil\n[fleet]\nbroker = mq.test\n", 1},
        {"[fleet]\nbroker = mq.test\nsite = cambo\n", 1},
        {"[screen]\nid = a/b\n[fleet]\nbroker = mq.test\nsite = cambo\n", 1},
        {"[screen]\nid = accueil\n[fleet]\nbroker = mq.test\nsite = cam#bo\n", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *path = ini_tmp(cases[i].ini);
        struct config *cfg = config_defaults();
        diag_t *d = diag_create();
        assert_int_equal(config_read(cfg, path, d), 0);
        int n = config_validate(cfg, d);
        if (n != cases[i].problems)
            fail_msg("case %zu: %d problems, expected %d: %s", i, n, cases[i].problems,
                     diag_count(d) ? diag_get(d, 0) : "");
        if (n && !strstr(diag_get(d, 0), "[fleet] broker is set: give site ="))
            fail_msg("case %zu: message '%s'", i, diag_get(d, 0));
        diag_free(d);
        config_free(cfg);
        unlink(path);
        free(path);
    }
}

/* What config_print writes reads back to the same configuration. */
static void test_round_trip(void **state)
{
    (void)state;
    char *path = ini_tmp("[content]\nfeed = a.xml\nfeed = https://x.test/b.json\n"
                         "[screen]\nid = accueil\nlanguages = fr en\nhours = Mo-Fr 09:00-18:00\n"
                         "min_duration = 4.5\n");
    struct config *a = config_defaults(), *b = config_defaults();
    diag_t *d = diag_create();
    assert_int_equal(config_read(a, path, d), 0);
    char *t1 = NULL, *t2 = NULL;
    size_t l1 = 0, l2 = 0;
    FILE *m = open_memstream(&t1, &l1);
    config_print(a, m);
    fclose(m);
    char *path2 = ini_tmp(t1);
    assert_int_equal(config_read(b, path2, d), 0);
    m = open_memstream(&t2, &l2);
    config_print(b, m);
    fclose(m);
    assert_string_equal(t1, t2);
    assert_int_equal(b->min_duration_ms, 4500);
    free(t1);
    free(t2);
    unlink(path);
    unlink(path2);
    free(path);
    free(path2);
    diag_free(d);
    config_free(a);
    config_free(b);
}

static void test_overrides(void **state)
{
    (void)state;
    struct config *cfg = config_defaults();
    diag_t *d = diag_create();
    assert_int_equal(config_set(cfg, "theme", "themes/x", "command line", 0, d), 0);
    assert_string_equal(cfg->theme, "themes/x");
    assert_int_equal(config_set(cfg, "screen.id", "hall", "command line", 0, d), 0);
    assert_string_equal(cfg->screen, "hall");
    assert_int_equal(config_set(cfg, "feed", "other.xml", "command line", 0, d), 0);
    assert_int_equal(cfg->nsources, 1);
    assert_string_equal(cfg->sources[0], "other.xml");
    assert_int_equal(config_set(cfg, "nope", "1", "command line", 0, d), -1);
    assert_non_null(strstr(diag_get(d, 0), "command line: unknown key 'nope'"));
    diag_free(d);
    config_free(cfg);
}

static void test_find(void **state)
{
    (void)state;
    assert_string_equal(config_find("x.conf"), "x.conf");
    assert_true(config_is_url("https://a.test/f"));
    assert_false(config_is_url("content/feed.xml"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),       cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_round_trip), cmocka_unit_test(test_overrides),
        cmocka_unit_test(test_find),       cmocka_unit_test(test_fleet_validate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
