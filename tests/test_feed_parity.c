/* XML/JSON parity: twin feeds load to the same model and dump to the same
 * bytes; the dump is a valid feed that reads back to itself; and the model
 * holds what the fixtures say, field by field. */
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
#include "model/feed.h"
#include "model/util.h"

#define FIXTURES "tests/fixtures/feeds/"

/* Loads a feed and returns its dump (heap), failing the test on any problem. */
static char *dump_file(const char *path)
{
    diag_t *d = diag_create();
    feed_t *f = feed_load(path, d);
    if (!f) {
        for (size_t i = 0; diag_get(d, i); i++)
            print_error("%s\n", diag_get(d, i));
        fail_msg("%s does not load", path);
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_int_equal(feed_dump(f, out), 0);
    fclose(out);
    feed_free(f);
    diag_free(d);
    return buf;
}

static void same(const char *a_path, const char *b_path)
{
    char *a = dump_file(a_path), *b = dump_file(b_path);
    if (strcmp(a, b) != 0) {
        size_t i = 0;
        while (a[i] && a[i] == b[i])
            i++;
        fail_msg("%s and %s dump differently from byte %zu: '%.60s' vs '%.60s'", a_path, b_path, i,
                 a + i, b + i);
    }
    free(a);
    free(b);
}

static void test_twins(void **state)
{
    (void)state;
    same(FIXTURES "all.xml", FIXTURES "all.json");
}

static void test_golden(void **state)
{
    (void)state;
    size_t len;
    char *golden = read_file(FIXTURES "all.dump.json", 1 << 20, &len);
    assert_non_null(golden);
    char *got = dump_file(FIXTURES "all.xml");
    if (strcmp(got, golden) != 0)
        fail_msg("the dump of all.xml differs from all.dump.json; if the change is meant, "
                 "regenerate it with ./vitrine dump " FIXTURES "all.xml");
    free(got);
    free(golden);
}

/* The dump is itself a valid JSON feed that reads back to the same dump. */
static void test_round_trip(void **state)
{
    (void)state;
    char *first = dump_file(FIXTURES "all.json");
    diag_t *d = diag_create();
    feed_t *f = feed_load_mem(first, strlen(first), "dump.json", NULL, d);
    if (!f)
        fail_msg("the dump does not load back: %s", diag_get(d, 0));
    char *second = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&second, &len);
    feed_dump(f, out);
    fclose(out);
    assert_string_equal(first, second);
    feed_free(f);
    diag_free(d);
    free(first);
    free(second);
}

/* The office's own content, once it exists: both formats say the same. */
static void test_content(void **state)
{
    (void)state;
    if (access("content/feed.xml", R_OK) != 0 || access("content/feed.json", R_OK) != 0) {
        print_message("content/feed.xml or content/feed.json absent: parity not checked\n");
        skip();
    }
    same("content/feed.xml", "content/feed.json");
}

/* What the model holds for the fixtures, in both formats. */
static void check_model(const feed_t *f, const char *name)
{
    const struct feed_settings *s = feed_settings(f);
    int failed = 0;
#define EXPECT(cond)                                                                              \
    do {                                                                                          \
        if (!(cond)) {                                                                            \
            print_error("%s: expected %s\n", name, #cond);                                        \
            failed++;                                                                             \
        }                                                                                         \
    } while (0)
    EXPECT(feed_count(f) == 8);
    EXPECT(strcmp(s->office.s[LANG_EU], "Kanboko Turismo Bulegoa") == 0);
    EXPECT(s->nlanguages == 4 && s->languages[3] == LANG_EN);
    EXPECT(s->duration_ms == 12500);
    EXPECT(s->promo_days == 21 && s->agenda_days == 10);
    EXPECT(s->sold_out == SOLDOUT_HIDE && s->hide_closed);
    EXPECT(s->has_hours && s->hours.count[0] == 2 && s->hours.count[6] == 0);
    EXPECT(s->hours.holiday_set && s->hours.win[7][0].start == 600);
    EXPECT(s->generated == civil_make(2026, 9, 1, 8, 15, 30));

    const struct item *h = feed_find(f, "hotel-errobi");
    EXPECT(h && h->kind == KIND_PROVIDER && h->line > 0);
    EXPECT(h && strcmp(h->body.s[LANG_FR], "Vingt chambres calmes, petit-déjeuner basque."
                                           "\n\nParking gratuit.") == 0);
    EXPECT(h && h->sched.days == 0x5f && h->sched.nwindows == 2);
    EXPECT(h && h->sched.windows[1].start == 14 * 60 && h->sched.windows[1].end == 20 * 60);
    EXPECT(h && h->sched.from_date_only && h->sched.until == civil_make(2026, 10, 31, 0, 0, 0));
    EXPECT(h && h->sched.holidays == HOLIDAY_EXCEPT && h->sched.weight == 3);
    EXPECT(h && h->sched.duration_ms == 8000 && h->sched.nscreens == 2);
    EXPECT(h && strcmp(h->sched.screens[1], "thermes") == 0);
    EXPECT(h && h->transition == TRANS_FADE && strcmp(h->partner, "p-errobi") == 0);
    EXPECT(h && h->opening && h->opening->count[5] == 1 && h->opening->win[0][0].end == 1320);
    EXPECT(h && strcmp(h->category.s[LANG_EN], "Hotel") == 0);

    const struct item *c = feed_find(f, "concert-choeur");
    EXPECT(c && c->nprices == 3 && c->prices[1].cents == 750 && c->prices[2].cents == 0);
    EXPECT(c && strcmp(c->prices[0].label.s[LANG_EN], "Adult") == 0);
    EXPECT(c && tr_empty(&c->prices[2].label) && c->free == 0);
    EXPECT(c && !c->start_date_only && c->start == civil_make(2026, 10, 17, 20, 30, 0));

    const struct item *t = feed_find(f, "billet-choeur");
    EXPECT(t && t->seats == 0 && strcmp(t->event, "concert-choeur") == 0);
    EXPECT(t && t->transition == TRANS_PUSH);

    const struct item *e = feed_find(f, "fete-gateau");
    EXPECT(e && e->free == 1 && e->start_date_only && e->end_date_only);
    EXPECT(e && strcmp(tr_get(&e->title, LANG_ES), "Fiesta del Pastel Vasco") == 0);

    const struct item *w = feed_find(f, "wifi");
    EXPECT(w && w->sched.priority == PRIO_TAKEOVER && w->sched.holidays == HOLIDAY_ONLY);
    EXPECT(w && w->sched.windows[0].start == 22 * 60 && w->sched.windows[0].end == 120);
    EXPECT(w && strcmp(tr_get(&w->title, LANG_EU), "Wi-Fi gratuit") == 0); /* falls back */

    const struct item *p = feed_find(f, "affiche-chiquito");
    EXPECT(p && p->kind == KIND_POSTER && tr_empty(&p->title) && p->image);
    const struct item *k = feed_find(f, "ticker-marche");
    EXPECT(k && k->kind == KIND_TICKER && k->sched.days == 0x18 && k->sched.weight == 100);
    EXPECT(feed_find(f, "nope") == NULL);
    EXPECT(strcmp(feed_dir(f), "tests/fixtures/feeds") == 0);
#undef EXPECT
    assert_int_equal(failed, 0);
}

static void test_model(void **state)
{
    (void)state;
    static const char *const files[] = {FIXTURES "all.xml", FIXTURES "all.json"};
    for (size_t i = 0; i < 2; i++) {
        diag_t *d = diag_create();
        feed_t *f = feed_load(files[i], d);
        if (!f)
            fail_msg("%s: %s", files[i], diag_get(d, 0));
        check_model(f, files[i]);
        feed_free(f);
        diag_free(d);
    }
}

static void test_empty(void **state)
{
    (void)state;
    feed_t *f = feed_create_empty();
    assert_int_equal(feed_count(f), 0);
    assert_string_equal(feed_settings(f)->timezone, "Europe/Paris");
    assert_int_equal(feed_settings(f)->duration_ms, 10000);
    assert_string_equal(feed_settings(f)->office.s[LANG_FR], "Office de Tourisme");
    assert_null(feed_find(f, "x"));
    feed_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_twins),      cmocka_unit_test(test_golden),
        cmocka_unit_test(test_round_trip), cmocka_unit_test(test_content),
        cmocka_unit_test(test_model),      cmocka_unit_test(test_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
