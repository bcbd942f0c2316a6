/* Table-driven tests for the limits of docs/security.md that have no other
 * home: text cleaning in the builder (invalid UTF-8 replaced, control
 * characters removed, whatever the format) and the decoded-picture budget. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "draw/image.h"
#include "model/feed.h"
#include "model/util.h"

static const struct text_row {
    const char *name;
    const char *title; /* raw bytes of the title, put in a JSON feed */
    const char *want;  /* the title the model keeps */
} text_rows[] = {
    {"clean", "Fête du Gâteau Basque", "Fête du Gâteau Basque"},
    {"latin-1 byte", "caf\xe9", "caf\xEF\xBF\xBD"},
    {"stray continuation", "a\x80z", "a\xEF\xBF\xBDz"},
    {"overlong slash", "a\xc0\xafz", "a\xEF\xBF\xBD\xEF\xBF\xBDz"},
    {"surrogate", "a\xed\xa0\x80z", "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDz"},
    {"past U+10FFFF", "a\xf4\x90\x80\x80z", "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDz"},
    {"truncated at end", "ab\xe2\x82", "ab\xEF\xBF\xBD\xEF\xBF\xBD"},
    {"4-byte emoji kept", "ok \xf0\x9f\x8e\x89", "ok \xf0\x9f\x8e\x89"},
    {"bell and escape removed",
     "a\x07"
     "b\x1b[31mc",
     "ab[31mc"},
    {"DEL removed",
     "a\x7f"
     "b",
     "ab"},
    {"C1 removed",
     "a\xc2\x85"
     "b\xc2\x9f"
     "c",
     "abc"},
    {"NBSP kept", "10\xc2\xa0\xe2\x82\xac", "10\xc2\xa0\xe2\x82\xac"},
    {"tab is a blank", "a\tb", "a b"},
};

static void test_text_cleaning(void **state)
{
    (void)state;
    int failed = 0;
    for (size_t i = 0; i < sizeof text_rows / sizeof text_rows[0]; i++) {
        const struct text_row *r = &text_rows[i];
        /* JSON escapes for the control bytes, raw bytes for the rest */
        char esc[256];
        size_t o = 0;
        for (const unsigned char *p = (const unsigned char *)r->title; *p && o < 240; p++)
            o +=
                (size_t)(*p < 0x20 || *p == 0x7f ? snprintf(esc + o, sizeof esc - o, "\\u%04x", *p)
                                                 : snprintf(esc + o, sizeof esc - o, "%c", *p));
        char *doc = xasprintf("{\"version\": 1, \"items\": [\n{\"kind\": \"notice\", "
                              "\"id\": \"n\", \"title\": \"%s\"}]}",
                              esc);
        diag_t *d = diag_create();
        feed_t *f = feed_load_mem(doc, strlen(doc), "t.json", NULL, d);
        const char *got = f && feed_count(f) ? feed_item(f, 0)->title.s[0] : NULL;
        if (!got || strcmp(got, r->want)) {
            printf("row '%s': got '%s'\n", r->name, got ? got : "(no feed)");
            diag_print(d, stdout);
            failed++;
        }
        feed_free(f);
        diag_free(d);
        free(doc);
    }
    assert_int_equal(failed, 0);
}

/* The same cleaning in XML, for what libxml2 lets through (character
 * references to control characters are refused by the parser itself). */
static void test_text_cleaning_xml(void **state)
{
    (void)state;
    const char *doc = "<feed version=\"1\"><items>\n<notice id=\"n\"><title>a&#x85;b"
                      "</title></notice></items></feed>";
    diag_t *d = diag_create();
    feed_t *f = feed_load_mem(doc, strlen(doc), "t.xml", NULL, d);
    assert_non_null(f);
    assert_string_equal(feed_item(f, 0)->title.s[0], "ab");
    feed_free(f);
    diag_free(d);
}

static const struct budget_row {
    const char *name;
    uint64_t budget;  /* bytes */
    uint64_t held;    /* already reserved by another load */
    const char *file; /* 8x6 (or so) test pictures */
    bool ok;
} budget_rows[] = {
    {"fits", 1 << 20, 0, "tests/fixtures/images/small.png", true},
    {"too big alone", 16, 0, "tests/fixtures/images/small.png", false},
    {"jpeg too big alone", 16, 0, "tests/fixtures/images/small.jpg", false},
    {"no budget", 0, 0, NULL, true},
};

static void test_budget(void **state)
{
    (void)state;
    int failed = 0;
    for (size_t i = 0; i < sizeof budget_rows / sizeof budget_rows[0]; i++) {
        const struct budget_row *r = &budget_rows[i];
        image_budget_t *b = r->budget ? image_budget_create(r->budget) : NULL;
        char err[256] = "";
        SDL_Surface *s =
            image_load_fit_budget(b, r->file ? r->file : "tests/fixtures/images/small.png", 40, 30,
                                  FIT_COVER, err, sizeof err);
        if ((s != NULL) != r->ok || (!r->ok && !strstr(err, "MiB budget"))) {
            printf("row '%s': %s (%s)\n", r->name, s ? "loaded" : "refused", err);
            failed++;
        }
        if (b && image_budget_used(b) != 0) {
            printf("row '%s': %llu bytes still reserved\n", r->name,
                   (unsigned long long)image_budget_used(b));
            failed++;
        }
        SDL_FreeSurface(s);
        image_budget_free(b);
    }
    assert_int_equal(failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_cleaning),
        cmocka_unit_test(test_text_cleaning_xml),
        cmocka_unit_test(test_budget),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
