/* Table-driven tests for model/overlay: the office's feed over an imported
 * one (tests/fixtures/sit/quirks/apidae_quirks.json: events 700001, 700002,
 * 700007 and the restaurant 700006). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/import.h"
#include "model/overlay.h"

static const struct {
    const char *native; /* the office's feed, XML or JSON */
    int items;          /* in the result; -1: expect error */
    const char *id;     /* an item to check, or a hidden one when gone */
    bool gone;
    int weight, nprices, cents0;
    const char *title, *until;
    const char *error; /* substring of the first message when items == -1 */
} rows[] = {
    /* No overrides: imported items plus the office's own. */
    {"{\"version\":1,\"items\":[{\"kind\":\"notice\",\"id\":\"bienvenue\","
     "\"title\":\"Bienvenue\"}]}",
     5, "bienvenue", false, 1, 0, 0, "Bienvenue", NULL, NULL},
    /* Hide an item. */
    {"{\"version\":1,\"items\":[],\"overrides\":[{\"id\":\"700001\",\"hide\":true}]}", 3, "700001",
     true, 0, 0, 0, NULL, NULL, NULL},
    /* A weight and a promo window. */
    {"{\"version\":1,\"items\":[],\"overrides\":[{\"id\":\"700002\",\"weight\":5,"
     "\"priority\":\"high\",\"until\":\"2026-09-06\"}]}",
     4, "700002", false, 5, 0, 0, "Fête du Gâteau Basque", "2026-09-06", NULL},
    /* A ticket price replaces the imported prices. */
    {"{\"version\":1,\"items\":[],\"overrides\":[{\"id\":\"700001\",\"prices\":"
     "[{\"amount\":\"15\",\"label\":{\"fr\":\"Adulte\",\"en\":\"Adult\"}}]}]}",
     4, "700001", false, 1, 1, 1500, "Concert de la chorale", NULL, NULL},
    /* A whole item with an imported id replaces it. */
    {"{\"version\":1,\"items\":[{\"kind\":\"event\",\"id\":\"700007\",\"title\":\"Soirée "
     "pelote (nouvelle date)\",\"start\":\"2026-08-08T21:00\"}]}",
     4, "700007", false, 1, 0, 0, "Soirée pelote (nouvelle date)", NULL, NULL},
    /* The same in XML. */
    {"<?xml version=\"1.0\"?>\n<feed version=\"1\">\n  <items/>\n  <overrides>\n"
     "    <override id=\"700006\"><title>Auberge du Fronton (terrasse)</title>"
     "<weight>3</weight></override>\n"
     "    <override id=\"700007\"><hide>true</hide></override>\n"
     "  </overrides>\n</feed>\n",
     3, "700006", false, 3, 0, 0, "Auberge du Fronton (terrasse)", NULL, NULL},
    {"<?xml version=\"1.0\"?>\n<feed version=\"1\"><items/><overrides>"
     "<override id=\"700007\"><hide>true</hide></override></overrides></feed>",
     3, "700007", true, 0, 0, 0, NULL, NULL, NULL},
    /* An override naming no imported item is ignored (logged). */
    {"{\"version\":1,\"items\":[],\"overrides\":[{\"id\":\"999\",\"hide\":true}]}", 4, "700006",
     false, 1, 0, 0, NULL, NULL, NULL},
    /* Mistakes: clear messages with the line. */
    {"{\"version\":1,\"items\":[],\n\"overrides\":[\n{\"id\":\"700002\",\"weight\":500}]}", -1,
     NULL, false, 0, 0, 0, NULL, NULL, ":3: "},
    {"{\"version\":1,\"items\":[],\"overrides\":[{\"id\":\"700002\",\"hide\":\"peut-être\"}]}", -1,
     NULL, false, 0, 0, 0, NULL, NULL, "hide is true or false, not 'peut-être'"},
    {"{\"version\":1,\"items\":[],\"overrides\":[{\"weight\":2}]}", -1, NULL, false, 0, 0, 0, NULL,
     NULL, "each override needs \"id\""},
    {"{\"version\":1,\"items\":[],\"overrides\":[{\"id\":\"700002\",\"kind\":\"notice\"}]}", -1,
     NULL, false, 0, 0, 0, NULL, NULL, "an override cannot change the kind"},
    {"<feed version=\"1\"><items/><overrides><item id=\"x\"/></overrides></feed>", -1, NULL, false,
     0, 0, 0, NULL, NULL, "<item> is not allowed inside <overrides>"},
};

static void test_overlay(void **state)
{
    (void)state;
    diag_t *d0 = diag_create(), *w0 = diag_create();
    civil_t ref = civil_make(2026, 5, 1, 0, 0, 0);
    importer_t *im = import_create("sit.json", NULL, ref, d0, w0);
    import_add_file(im, "tests/fixtures/sit/quirks/apidae_quirks.json", IMPORT_APIDAE);
    feed_t *sit = import_finish(im);
    assert_non_null(sit);
    assert_int_equal(feed_count(sit), 4);

    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        diag_t *diag = diag_create();
        const char *txt = rows[i].native;
        feed_t *native = feed_load_mem(txt, strlen(txt), "office.feed", NULL, diag);
        overlay_t *ov = native ? overlay_load_mem(txt, strlen(txt), "office.feed", diag) : NULL;
        feed_t *f = ov ? overlay_apply(sit, native, ov, diag) : NULL;
        if (rows[i].items < 0) {
            if (f || diag_count(diag) == 0 || !strstr(diag_get(diag, 0), rows[i].error)) {
                diag_print(diag, stderr);
                fail_msg("row %zu: want an error containing '%s'", i, rows[i].error);
            }
        } else {
            if (!f) {
                diag_print(diag, stderr);
                fail_msg("row %zu: no feed", i);
            }
            if ((int)feed_count(f) != rows[i].items)
                fail_msg("row %zu: %zu items, want %d", i, feed_count(f), rows[i].items);
            const struct item *it = feed_find(f, rows[i].id);
            if (rows[i].gone && it)
                fail_msg("row %zu: %s should be hidden", i, rows[i].id);
            if (!rows[i].gone) {
                if (!it)
                    fail_msg("row %zu: no item %s", i, rows[i].id);
                if (it->sched.weight != rows[i].weight)
                    fail_msg("row %zu: weight %d, want %d", i, it->sched.weight, rows[i].weight);
                if (it->nprices != rows[i].nprices)
                    fail_msg("row %zu: %d prices, want %d", i, it->nprices, rows[i].nprices);
                if (it->nprices && it->prices[0].cents != rows[i].cents0)
                    fail_msg("row %zu: price %d, want %d", i, it->prices[0].cents, rows[i].cents0);
                if (rows[i].title && strcmp(it->title.s[LANG_FR], rows[i].title) != 0)
                    fail_msg("row %zu: title '%s', want '%s'", i, it->title.s[LANG_FR],
                             rows[i].title);
                if (rows[i].until) {
                    char buf[40];
                    civil_format(it->sched.until, it->sched.until_date_only, buf, sizeof buf);
                    if (strcmp(buf, rows[i].until) != 0)
                        fail_msg("row %zu: until %s, want %s", i, buf, rows[i].until);
                }
            }
        }
        feed_free(f);
        overlay_free(ov);
        feed_free(native);
        diag_free(diag);
    }
    feed_free(sit);
    diag_free(d0);
    diag_free(w0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overlay),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
