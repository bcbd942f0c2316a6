/* Hostile and broken feeds: each gets a clear FILE:LINE: message, quickly,
 * with no crash, no feed and no file read outside the feed. */
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

#include "model/diag.h"
#include "model/feed.h"
#include "model/util.h"

#define FIXTURES "tests/fixtures/feeds/"

/* Every hostile feed is refused quickly. This is a guard against runaway
 * expansion (billion laughs, quadratic blow-up), not a speed target: the
 * bound is wide enough for sanitizers, emulation (qemu) and a loaded machine.
 * The "within a second" figure is measured by scripts/bench-load.sh. */
#define MAX_MS 10000

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Checks that loading failed with a message "name:line: ...want..." (line
 * 0: "name: ...") within max_ms; returns 1 after printing why when not. */
static int expect_problem(const char *row, feed_t *f, diag_t *d, const char *name, int line,
                          const char *want, double ms, double max_ms)
{
    char prefix[300];
    if (line > 0)
        snprintf(prefix, sizeof prefix, "%s:%d: ", name, line);
    else
        snprintf(prefix, sizeof prefix, "%s: ", name);
    bool found = false;
    for (size_t i = 0; diag_get(d, i); i++)
        if (str_starts(diag_get(d, i), prefix) && strstr(diag_get(d, i), want))
            found = true;
    if (!f && found && ms <= max_ms)
        return 0;
    print_error("row '%s': want '%s%s' in under %.0f ms; got %s in %.1f ms:\n", row, prefix, want,
                max_ms, f ? "a feed" : "no feed", ms);
    for (size_t i = 0; diag_get(d, i) && i < 10; i++)
        print_error("    %s\n", diag_get(d, i));
    return 1;
}

static const struct {
    const char *file;
    int line;
    const char *msg;
} file_rows[] = {
    {"xxe.xml", 2, "DTDs and entities are not allowed in a feed; remove the <!DOCTYPE"},
    {"xxe-param.xml", 2, "DTDs and entities are not allowed"},
    {"billion-laughs.xml", 2, "DTDs and entities are not allowed"},
    {"unterminated.xml", 9, "<notice> (line 7) is not closed before </items>: add </notice>"},
    {"bad-date.xml", 6, "date '2026-13-01' is not a valid date: month 13 does not exist"},
    {"bad-date.json", 8, "date '2026-13-01' is not a valid date: month 13 does not exist"},
    {"unknown-kind.xml", 5, "<concert> is not a kind of item"},
    {"unknown-kind.json", 6, "'concert' is not a kind of item"},
    {"dup-id.xml", 6, "id 'wifi' is already used by the notice at line 4"},
    {"dup-id.json", 6, "id 'wifi' is already used by the notice at line 4"},
    {"trailing-comma.json", 5, "a comma before ']' is not allowed in JSON"},
    {"dup-key.json", 8, "\"title\" is given twice here (first at line 7)"},
};

static void test_files(void **state)
{
    (void)state;
    int failed = 0;
    for (size_t i = 0; i < sizeof(file_rows) / sizeof(file_rows[0]); i++) {
        char path[200];
        snprintf(path, sizeof path, FIXTURES "%s", file_rows[i].file);
        diag_t *d = diag_create();
        double t0 = now_ms();
        feed_t *f = feed_load(path, d);
        double ms = now_ms() - t0;
        failed += expect_problem(file_rows[i].file, f, d, path, file_rows[i].line,
                                 file_rows[i].msg, ms, MAX_MS);
        feed_free(f);
        diag_free(d);
    }
    assert_int_equal(failed, 0);
}

/* Documents built in memory: too big, too long, too many, too deep. */
static char *repeat(const char *head, const char *unit, size_t n, const char *sep,
                    const char *tail)
{
    size_t hl = strlen(head), ul = strlen(unit), sl = strlen(sep), tl = strlen(tail);
    char *buf = xmalloc(hl + n * (ul + sl) + tl + 1), *p = buf;
    memcpy(p, head, hl);
    p += hl;
    for (size_t i = 0; i < n; i++) {
        memcpy(p, unit, ul);
        p += ul;
        if (i + 1 < n) {
            memcpy(p, sep, sl);
            p += sl;
        }
    }
    memcpy(p, tail, tl + 1);
    return buf;
}

static int run_mem(const char *row, const char *name, char *doc, size_t len, int line,
                   const char *want, double max_ms)
{
    if (len == SIZE_MAX)
        len = strlen(doc);
    diag_t *d = diag_create();
    double t0 = now_ms();
    feed_t *f = feed_load_mem(doc, len, name, NULL, d);
    double ms = now_ms() - t0;
    int failed = expect_problem(row, f, d, name, line, want, ms, max_ms);
    feed_free(f);
    diag_free(d);
    free(doc);
    return failed;
}

static void test_limits(void **state)
{
    (void)state;
    int failed = 0;
    /* Larger than 16 MiB: refused before parsing. */
    size_t big = FEED_MAX_BYTES + 1;
    char *doc = xmalloc(big);
    memset(doc, ' ', big);
    doc[0] = '<';
    failed +=
        run_mem("oversized", "big.xml", doc, big, 0, "more than the limit of 16 MiB", MAX_MS);

    /* A text longer than 64 KiB, in both formats. */
    char *x = repeat("", "a", 70000, "", "");
    failed += run_mem("long XML text", "long.xml",
                      xasprintf("<feed version=\"1\"><items>\n<notice id=\"n\"><title>%s</title>"
                                "</notice></items></feed>",
                                x),
                      SIZE_MAX, 2, "more than the limit of 64 KiB", MAX_MS);
    failed += run_mem("long JSON text", "long.json",
                      xasprintf("{\"version\": 1, \"items\": [\n{\"kind\": \"notice\", "
                                "\"id\": \"n\", \"title\": \"%s\"}]}",
                                x),
                      SIZE_MAX, 2, "more than the limit of 64 KiB", MAX_MS);
    free(x);

    /* More than 100,000 items: one line each, so the last is at line n + 1. */
    size_t n = FEED_MAX_ITEMS + 1, cap = n * 64 + 64, len = 0;
    doc = xmalloc(cap);
    len += (size_t)snprintf(doc, cap, "{\"version\": 1, \"items\": [\n");
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(doc + len, cap - len,
                                "{\"kind\": \"ticker\", \"id\": \"t%zu\", \"title\": \"x\"}%s\n",
                                i, i + 1 < n ? "," : "");
    snprintf(doc + len, cap - len, "]}");
    failed += run_mem("too many items", "many.json", doc, SIZE_MAX, (int)n + 1,
                      "more than 100000 items, the limit", MAX_MS);
    assert_int_equal(failed, 0);
}

static void test_broken(void **state)
{
    (void)state;
    int failed = 0;
    failed += run_mem("deep JSON", "deep.json", repeat("", "[", 100000, "", ""), SIZE_MAX, 1,
                      "nested more than", MAX_MS);
    failed +=
        run_mem("deep XML", "deep.xml", repeat("<feed version=\"1\">", "<a>", 100000, "", ""),
                SIZE_MAX, 1, "nested too deeply", MAX_MS);
    /* bad UTF-8 in a JSON value is replaced, not refused: tests/test_limits.c */
    failed += run_mem("bad UTF-8 in XML", "utf8.xml",
                      xstrdup("<feed version=\"1\"><items>\n<notice id=\"n\"><title>caf\xe9"
                              "</title></notice></items></feed>"),
                      SIZE_MAX, 2, "UTF-8", MAX_MS);
    /* Sequences a lax check lets through: overlong '/', a UTF-16
     * surrogate, a code point above U+10FFFF, a lone lead byte at the end.
     * None may reach the model: each is replaced by U+FFFD (docs/security.md;
     * the byte-level rows are in tests/test_limits.c). */
    static const char *const bad_utf8[] = {"\xe0\x80\xaf",     "\xc0\xaf",         "\xed\xa0\x80",
                                           "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "ab\xe2"};
    for (size_t i = 0; i < sizeof bad_utf8 / sizeof bad_utf8[0]; i++) {
        char *doc = xasprintf("{\"version\": 1, \"items\": [\n{\"kind\": \"notice\", "
                              "\"id\": \"n\", \"title\": \"x%sx\"}]}",
                              bad_utf8[i]);
        diag_t *d = diag_create();
        feed_t *f = feed_load_mem(doc, strlen(doc), "seq.json", NULL, d);
        const char *t = f && feed_count(f) ? feed_item(f, 0)->title.s[0] : NULL;
        if (!t || !strstr(t, "\xEF\xBF\xBD") || strstr(t, bad_utf8[i])) {
            printf("row 'bad UTF-8 sequence %zu': %s\n", i, t ? "kept" : "refused");
            failed++;
        }
        feed_free(f);
        diag_free(d);
        free(doc);
    }
    failed += run_mem("NUL in JSON", "nul.json", xstrdup("{\"version\": 1,\n"), 17, 2,
                      "an invalid byte (0x00)", MAX_MS);
    failed += run_mem("many keys", "keys.json",
                      repeat("{\"version\": 1, \"items\": [{\"kind\": \"notice\", "
                             "\"id\": \"n\",\n",
                             "\"k\": 1", 5000, ",", "}]}"),
                      SIZE_MAX, 1, "keys, more than", MAX_MS);
    failed += run_mem("entity without DTD", "ent.xml",
                      xstrdup("<feed version=\"1\"><items>\n<notice id=\"n\"><title>&xxe;"
                              "</title></notice></items></feed>"),
                      SIZE_MAX, 2, "&xxe; is not allowed", MAX_MS);
    failed += run_mem("XInclude is inert", "xi.xml",
                      xstrdup("<feed version=\"1\" xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
                              "<items>\n<xi:include href=\"/etc/passwd\" parse=\"text\"/>"
                              "</items></feed>"),
                      SIZE_MAX, 2, "not a kind of item", MAX_MS);
    assert_int_equal(failed, 0);
}

/* A feed of n notices "<notice id=...><title>Un titre</title></notice>", one
 * a line after the first: the normal twin a bomb's time is compared with. */
static char *normal_xml(size_t size)
{
    char *doc = xmalloc(size + 200);
    size_t len = (size_t)snprintf(doc, 200, "<feed version=\"1\"><items>\n");
    for (size_t k = 0; len + 120 < size; k++)
        len += (size_t)snprintf(doc + len, 200,
                                "<notice id=\"n%zu\"><title>Un titre pour la diapositive %zu"
                                "</title></notice>\n",
                                k, k);
    snprintf(doc + len, 200, "</items></feed>");
    return doc;
}

/* Bombs: each is refused with its message, in a time of the order of a
 * normal feed of the same size (a ratio, so that a loaded machine or a
 * sanitizer moves both), and before any memory in proportion is taken. */
static const struct bomb_row {
    const char *name;
    const char *head, *unit, *sep, *tail;
    size_t count;
    int line;
    const char *want;
} bomb_rows[] = {
    {"50,000 attributes on one element", "<feed version=\"1\"><items>\n<notice id=\"n\" ",
     "a=\"x\"", " ", "><title>x</title></notice></items></feed>", 50000, 2,
     "<notice> has more than 16 attributes"},
    {"200,000 attributes on one element", "<feed version=\"1\"><items>\n<notice ", "b=\"\"", "\n",
     "/></items></feed>", 200000, 2, "<notice> has more than 16 attributes"},
    {"an element name of 100,000 characters", "<feed version=\"1\"><items>\n<", "n", "",
     "/></items></feed>", 100000, 2, "an element's name is 100000 characters long"},
    {"1,200,000 tiny elements", "<feed version=\"1\"><items>", "<a/>", "", "</items></feed>",
     1200000, 0, "reading them would take about"},
};

static void test_bombs(void **state)
{
    (void)state;
    int failed = 0;
    for (size_t i = 0; i < sizeof bomb_rows / sizeof bomb_rows[0]; i++) {
        const struct bomb_row *r = &bomb_rows[i];
        char *doc = repeat(r->head, r->unit, r->count, r->sep, r->tail);
        size_t len = strlen(doc);
        char *twin = normal_xml(len);
        diag_t *d = diag_create();
        double t0 = now_ms();
        feed_t *f = feed_load_mem(twin, strlen(twin), "twin.xml", NULL, d);
        double normal = now_ms() - t0;
        if (!f) {
            print_error("row '%s': the normal twin is refused: %s\n", r->name, diag_get(d, 0));
            failed++;
        }
        feed_free(f);
        diag_free(d);
        free(twin);
        /* Ten times the twin, and 20 ms for a twin too quick to time. */
        failed += run_mem(r->name, "bomb.xml", doc, len, r->line, r->want, 10 * normal + 20);
    }
    assert_int_equal(failed, 0);
}

/* A feed whose model would pass FEED_MAX_MEMORY is refused while it is
 * built: 100,000 items with titles of invalid bytes, each of which costs
 * three in the model (U+FFFD), so 14 MB of file would take 66 MB. */
static void test_memory_bound(void **state)
{
    (void)state;
    char bad[91];
    memset(bad, 0xff, 90);
    bad[90] = '\0';
    size_t n = FEED_MAX_ITEMS, cap = n * 160 + 64, len = 0;
    char *doc = xmalloc(cap);
    len += (size_t)snprintf(doc, cap, "{\"version\": 1, \"items\": [\n");
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(doc + len, cap - len,
                                "{\"kind\": \"notice\", \"id\": \"n%zu\", \"title\": \"%s\"}%s\n",
                                i, bad, i + 1 < n ? "," : "");
    snprintf(doc + len, cap - len, "]}");
    diag_t *d = diag_create();
    feed_t *f = feed_load_mem(doc, strlen(doc), "big-model.json", NULL, d);
    bool said = false;
    for (size_t i = 0; diag_get(d, i); i++)
        said |= strstr(diag_get(d, i), "MiB of memory, the limit") != NULL;
    if (f || !said)
        fail_msg("a model over %u MiB: %s, %s", FEED_MAX_MEMORY >> 20, f ? "loaded" : "refused",
                 diag_get(d, 0) ? diag_get(d, 0) : "no message");
    feed_free(f);
    diag_free(d);
    free(doc);
}

/* What strict UTF-8 must still accept: accents, U+FFFD, the last code
 * point of the BMP before the surrogates, four-byte characters. */
static void test_utf8_accepted(void **state)
{
    (void)state;
    static const char *const good[] = {"caf\xc3\xa9", "\xef\xbf\xbd", "\xed\x9f\xbf",
                                       "\xf0\x9f\x98\x80", "\xf4\x8f\xbf\xbf"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        char *doc = xasprintf("{\"version\": 1, \"items\": [{\"kind\": \"notice\", "
                              "\"id\": \"n\", \"title\": \"%s\"}]}",
                              good[i]);
        diag_t *d = diag_create();
        feed_t *f = feed_load_mem(doc, strlen(doc), "good.json", NULL, d);
        if (!f)
            fail_msg("row %zu: refused: %s", i, diag_get(d, 0));
        feed_free(f);
        diag_free(d);
        free(doc);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_files),  cmocka_unit_test(test_limits),
        cmocka_unit_test(test_broken), cmocka_unit_test(test_utf8_accepted),
        cmocka_unit_test(test_bombs),  cmocka_unit_test(test_memory_bound),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
