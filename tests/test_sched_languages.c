/* Tests for the language policies: cycle, alternate and dual, each language
 * getting at least its share, every item shown in every language. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sched/sched.h"
#include "sched_fixture.h"

#define MAXI 8

struct world {
    struct item it[MAXI];
    const struct item *p[MAXI];
    size_t n;
    struct feed_settings st;
    sched_t *s;
};

static void setup(struct world *w, int nitems, const enum lang *feed_langs, int nfeed,
                  const enum lang *cfg_langs, int ncfg, enum lang_policy policy)
{
    static const char *const ids[MAXI] = {"a", "b", "c", "d", "e", "f", "g", "h"};
    memset(w, 0, sizeof *w);
    sched_default_settings(&w->st);
    w->st.agenda_days = 0;
    w->st.nlanguages = nfeed;
    memcpy(w->st.languages, feed_langs, (size_t)nfeed * sizeof *feed_langs);
    for (int i = 0; i < nitems; i++) {
        w->it[i] = fx_item(KIND_NOTICE, ids[i]);
        for (int l = 0; l < LANG_COUNT; l++) /* translated: every language may play */
            w->it[i].title.s[l] = ids[i];
        w->p[i] = &w->it[i];
    }
    w->n = (size_t)nitems;
    struct sched_config cfg = fx_config();
    cfg.policy = policy;
    cfg.nlangs = ncfg;
    if (ncfg)
        memcpy(cfg.langs, cfg_langs, (size_t)ncfg * sizeof *cfg_langs);
    w->s = sched_create(&cfg);
    assert_non_null(w->s);
    sched_set_items(w->s, w->p, w->n, &w->st);
}

static const enum lang all4[] = {LANG_FR, LANG_EU, LANG_ES, LANG_EN};

/* cycle: one language per full rotation, in the configured order. */
static void test_cycle(void **state)
{
    (void)state;
    struct world w;
    setup(&w, 3, all4, 4, NULL, 0, LANG_CYCLE);
    for (int k = 0; k < 24; k++) {
        struct sched_pick p;
        sched_next(w.s, fx_paris("2026-09-12T10:00"), &p);
        enum lang want = all4[(k / 3) % 4];
        if (p.lang != want || p.lang2 != LANG_COUNT)
            fail_msg("slide %d: %s, want %s", k, lang_code(p.lang), lang_code(want));
    }
    sched_free(w.s);
}

/* alternate: a new language on every slide, and, over many cycles, every
 * item in every language as often, whatever the cycle length. */
static const struct {
    int items, nl;
    enum lang langs[4];
} alt_rows[] = {
    {4, 4, {LANG_FR, LANG_EU, LANG_ES, LANG_EN}}, /* cycle length a multiple of 4 */
    {2, 4, {LANG_FR, LANG_EU, LANG_ES, LANG_EN}}, /* shares a factor with 4 */
    {3, 4, {LANG_FR, LANG_EU, LANG_ES, LANG_EN}},
    {3, 3, {LANG_FR, LANG_ES, LANG_EN}},
    {2, 2, {LANG_FR, LANG_EN}},
    {5, 2, {LANG_FR, LANG_EU}},
};

static void test_alternate(void **state)
{
    (void)state;
    for (size_t r = 0; r < sizeof alt_rows / sizeof alt_rows[0]; r++) {
        struct world w;
        setup(&w, alt_rows[r].items, all4, 4, alt_rows[r].langs, alt_rows[r].nl, LANG_ALTERNATE);
        int count[MAXI][LANG_COUNT] = {{0}}, per_lang[LANG_COUNT] = {0}, repeats = 0;
        enum lang prev = LANG_COUNT;
        int slides = 1000 * alt_rows[r].items;
        for (int k = 0; k < slides; k++) {
            struct sched_pick p;
            sched_next(w.s, fx_paris("2026-09-12T10:00"), &p);
            count[p.item - w.it][p.lang]++;
            per_lang[p.lang]++;
            repeats += p.lang == prev;
            prev = p.lang;
        }
        /* Consecutive slides differ; with two languages and an even cycle,
         * once per cycle the language repeats so that items take turns. */
        int allowed = alt_rows[r].nl == 2 && alt_rows[r].items % 2 == 0 ? 1000 : 0;
        if (repeats > allowed)
            fail_msg("row %zu: %d slides in the same language as the one before", r, repeats);
        for (int l = 0; l < alt_rows[r].nl; l++) {
            enum lang lg = alt_rows[r].langs[l];
            if (per_lang[lg] < slides / alt_rows[r].nl - 2)
                fail_msg("row %zu: %s has %d slides, less than its share %d", r, lang_code(lg),
                         per_lang[lg], slides / alt_rows[r].nl);
            for (int i = 0; i < alt_rows[r].items; i++)
                if (count[i][lg] < 1000 / alt_rows[r].nl - 2)
                    fail_msg("row %zu: item %d shown %d times in %s, want about %d", r, i,
                             count[i][lg], lang_code(lg), 1000 / alt_rows[r].nl);
        }
        sched_free(w.s);
    }
}

/* dual: the first language on every slide, the others in turn beneath. */
static void test_dual(void **state)
{
    (void)state;
    struct world w;
    setup(&w, 3, all4, 4, NULL, 0, LANG_DUAL);
    int second[LANG_COUNT] = {0};
    for (int k = 0; k < 3000; k++) {
        struct sched_pick p;
        sched_next(w.s, fx_paris("2026-09-12T10:00"), &p);
        if (p.lang != LANG_FR || p.lang2 == LANG_FR || p.lang2 == LANG_COUNT)
            fail_msg("slide %d: %s+%s", k, lang_code(p.lang), lang_code(p.lang2));
        second[p.lang2]++;
    }
    for (int l = 1; l < 4; l++)
        if (second[l] < 1000 - 2)
            fail_msg("%s under French on %d slides, want 1000", lang_code((enum lang)l),
                     second[l]);
    sched_free(w.s);
    /* One language: nothing to put beneath. */
    static const enum lang fr[] = {LANG_FR};
    setup(&w, 2, fr, 1, NULL, 0, LANG_DUAL);
    struct sched_pick p;
    sched_next(w.s, fx_paris("2026-09-12T10:00"), &p);
    assert_int_equal(p.lang, LANG_FR);
    assert_int_equal(p.lang2, LANG_COUNT);
    sched_free(w.s);
}

/* The screen's languages override the feed's; none configured: the feed's. */
static void test_config_languages(void **state)
{
    (void)state;
    static const enum lang en_es[] = {LANG_EN, LANG_ES};
    struct world w;
    setup(&w, 2, all4, 4, en_es, 2, LANG_ALTERNATE);
    struct sched_pick p;
    for (int k = 0; k < 8; k++) {
        sched_next(w.s, fx_paris("2026-09-12T10:00"), &p);
        if (p.lang != LANG_EN && p.lang != LANG_ES)
            fail_msg("slide %d in %s, not a configured language", k, lang_code(p.lang));
    }
    sched_free(w.s);
    static const enum lang fr[] = {LANG_FR};
    setup(&w, 2, fr, 1, NULL, 0, LANG_ALTERNATE);
    for (int k = 0; k < 4; k++) {
        sched_next(w.s, fx_paris("2026-09-12T10:00"), &p);
        assert_int_equal(p.lang, LANG_FR);
    }
    sched_free(w.s);
}

/* A missing translation: the slide keeps its language (the drawer falls
 * back to French field by field), and its reading time counts the French. */
static void test_missing_translation(void **state)
{
    (void)state;
    static const enum lang fr_en[] = {LANG_FR, LANG_EN};
    struct world w;
    setup(&w, 1, fr_en, 2, NULL, 0, LANG_ALTERNATE);
    w.it[0].body.s[LANG_FR] = "un deux trois quatre cinq six sept huit neuf dix onze douze "
                              "treize quatorze quinze seize dix-sept dix-huit dix-neuf vingt "
                              "vingt-et-un vingt-deux vingt-trois vingt-quatre vingt-cinq "
                              "vingt-six vingt-sept vingt-huit vingt-neuf";
    struct sched_pick fr, en;
    sched_describe(w.s, &w.it[0], fx_paris("2026-09-12T10:00"), LANG_FR, &fr);
    sched_describe(w.s, &w.it[0], fx_paris("2026-09-12T10:00"), LANG_EN, &en);
    assert_int_equal(en.lang, LANG_EN);
    assert_int_equal(fr.duration_ms, 12000); /* 30 words at 2.5 words/s */
    assert_int_equal(en.duration_ms, fr.duration_ms);
    sched_free(w.s);
}

/* One language a slide: an item without its own text in a language is
 * shown in another of the screen's languages, the first it speaks. Each row:
 * the languages the item's title and body have (a string of language
 * indices, "" for no such field), the policy, the screen's languages, and
 * the languages its slides may then be in (lang, then lang2 for dual). */
static const struct {
    const char *title, *body; /* "0123": fr eu es en */
    enum lang_policy policy;
    const char *screen;       /* the screen's languages, in order */
    const char *want, *want2; /* allowed first and second languages ("-": none) */
} speak_rows[] = {
    {"0", "0", LANG_ALTERNATE, "0123", "0", "-"},          /* French only: always French */
    {"0123", "0", LANG_ALTERNATE, "0123", "0", "-"},       /* a French-only body: French */
    {"0123", "0123", LANG_ALTERNATE, "0123", "0123", "-"}, /* translated: every one */
    {"01", "01", LANG_ALTERNATE, "0123", "01", "-"},       /* Basque too: French and Basque */
    {"03", "", LANG_ALTERNATE, "0123", "03", "-"},         /* no body: the title decides */
    {"0", "0", LANG_CYCLE, "0123", "0", "-"},
    {"0", "0", LANG_DUAL, "0123", "0", "-"},      /* nothing to put beneath */
    {"02", "02", LANG_DUAL, "0123", "0", "2-"},   /* Spanish beneath, or nothing */
    {"0", "0", LANG_ALTERNATE, "32", "32", "-"},  /* speaks none: keeps the pick */
    {"02", "02", LANG_ALTERNATE, "32", "2", "-"}, /* the first it speaks */
};

static bool in_set(const char *set, enum lang l)
{
    if ((unsigned)l >= LANG_COUNT)
        return strchr(set, '-') != NULL;
    return strchr(set, '0' + (int)l) != NULL;
}

static void test_own_language(void **state)
{
    (void)state;
    static const char *const words[LANG_COUNT] = {"Bonjour", "Kaixo", "Hola", "Hello"};
    for (size_t r = 0; r < sizeof speak_rows / sizeof speak_rows[0]; r++) {
        enum lang screen[LANG_COUNT];
        int ns = 0;
        for (const char *c = speak_rows[r].screen; *c; c++)
            screen[ns++] = (enum lang)(*c - '0');
        struct world w;
        setup(&w, 1, all4, 4, screen, ns, speak_rows[r].policy);
        memset(&w.it[0].title, 0, sizeof w.it[0].title);
        for (const char *c = speak_rows[r].title; *c; c++)
            w.it[0].title.s[*c - '0'] = words[*c - '0'];
        for (const char *c = speak_rows[r].body; *c; c++)
            w.it[0].body.s[*c - '0'] = words[*c - '0'];
        bool seen[LANG_COUNT] = {false};
        for (int k = 0; k < 16; k++) {
            struct sched_pick p;
            sched_next(w.s, fx_paris("2026-09-12T10:00"), &p);
            if (!in_set(speak_rows[r].want, p.lang) || !in_set(speak_rows[r].want2, p.lang2))
                fail_msg("row %zu, slide %d: %s+%s, want one of %s (+%s)", r, k, lang_code(p.lang),
                         (unsigned)p.lang2 < LANG_COUNT ? lang_code(p.lang2) : "-",
                         speak_rows[r].want, speak_rows[r].want2);
            seen[p.lang] = true;
        }
        /* and every allowed language comes (the policy still alternates) */
        if (speak_rows[r].policy == LANG_ALTERNATE)
            for (const char *c = speak_rows[r].want; *c; c++)
                if (!seen[*c - '0'])
                    fail_msg("row %zu: never in %s", r, lang_code((enum lang)(*c - '0')));
        sched_free(w.s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cycle),
        cmocka_unit_test(test_alternate),
        cmocka_unit_test(test_dual),
        cmocka_unit_test(test_config_languages),
        cmocka_unit_test(test_missing_translation),
        cmocka_unit_test(test_own_language),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
