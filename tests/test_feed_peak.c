/* The peak memory of loading a feed (issue 16): at most 6 times the file.
 * libxml2 and cJSON allocate through counting hooks installed before their
 * first use, so the parser's peak is counted exactly; the peak of a load is
 * bounded by the file, plus that peak, plus the finished model
 * (feed_memory), all deterministic: no RSS, no allocator, no timing, the
 * same under the sanitizers and under emulation. The process's RSS is
 * measured by scripts/bench-load.sh and docs/performance.md. The loaders'
 * own transient arrays (the builder's table of items, 16 bytes an item;
 * the JSON scanner's positions) are not counted. Each row is a
 * feed twin; the XML rows are the target (the whole-document tree made them
 * 16 times before the loader streamed), the JSON rows the reference. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/xmlmemory.h>

#include "model/feed.h"
#include "model/util.h"

#include "feed_gen.h"

/* ---- counting hooks (the hooks take no context: a test-only global) ---- */

struct counter {
    size_t live, peak;
};
static struct counter parser_mem;

/* Each block carries its size in front, kept aligned for any type. */
#define HEAD sizeof(max_align_t)

static void *count_malloc(size_t n)
{
    unsigned char *p = malloc(HEAD + n);
    if (!p)
        return NULL;
    memcpy(p, &n, sizeof n);
    parser_mem.live += n;
    if (parser_mem.live > parser_mem.peak)
        parser_mem.peak = parser_mem.live;
    return p + HEAD;
}

static void count_free(void *q)
{
    if (!q)
        return;
    unsigned char *p = (unsigned char *)q - HEAD;
    size_t n;
    memcpy(&n, p, sizeof n);
    parser_mem.live -= n;
    free(p);
}

static void *count_realloc(void *q, size_t n)
{
    if (!q)
        return count_malloc(n);
    unsigned char *p = (unsigned char *)q - HEAD;
    size_t old;
    memcpy(&old, p, sizeof old);
    unsigned char *r = realloc(p, HEAD + n);
    if (!r)
        return NULL;
    memcpy(r, &n, sizeof n);
    parser_mem.live = parser_mem.live - old + n;
    if (parser_mem.live > parser_mem.peak)
        parser_mem.peak = parser_mem.live;
    return r + HEAD;
}

static char *count_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = count_malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* ---- feeds ---- */

/* Appends s[0..n) to the growing document *doc of *len bytes. */
static void put(char **doc, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        *cap = (*len + n + 1) * 2;
        *doc = xrealloc(*doc, *cap);
    }
    memcpy(*doc + *len, s, n);
    *len += n;
    (*doc)[*len] = '\0';
}

/* Appends text with every `mark` followed by the prefix "kN-". */
static void put_renamed(char **doc, size_t *len, size_t *cap, const char *s, size_t n,
                        const char *const *marks, size_t k)
{
    char prefix[32];
    int pl = snprintf(prefix, sizeof prefix, "k%zu-", k);
    const char *end = s + n;
    while (s < end) {
        const char *hit = NULL, *mark = NULL;
        for (size_t m = 0; marks[m]; m++) {
            const char *h = memmem(s, (size_t)(end - s), marks[m], strlen(marks[m]));
            if (h && (!hit || h < hit)) {
                hit = h;
                mark = marks[m];
            }
        }
        if (!hit) {
            put(doc, len, cap, s, (size_t)(end - s));
            break;
        }
        put(doc, len, cap, s, (size_t)(hit - s) + strlen(mark));
        put(doc, len, cap, prefix, (size_t)pl);
        s = hit + strlen(mark);
    }
}

/* Rich items: the default content's, replicated about n times with new ids
 * (and tickets pointing at their own copy of the event). */
static char *rich(size_t n, bool xml)
{
    static const char *const xml_marks[] = {" id=\"", "<event>", NULL};
    static const char *const json_marks[] = {"\"id\": \"", "\"event\": \"", NULL};
    size_t flen = 0;
    char *src = read_file(xml ? "content/feed.xml" : "content/feed.json", FEED_MAX_BYTES, &flen);
    if (!src)
        return NULL;
    /* The items: between "<items>" and "</items>", or the "items" array. */
    const char *open = xml ? "<items>" : "\"items\": [", *close = xml ? "</items>" : "\n  ]";
    char *from = strstr(src, open), *to = from ? strstr(from, close) : NULL;
    if (!from || !to)
        fail_msg("content/feed.%s: no items found", xml ? "xml" : "json");
    from += strlen(open);
    size_t per = 0;
    for (const char *p = from; (p = strstr(p, xml ? " id=\"" : "\"id\": \"")) && p < to; p++)
        per++;
    char *doc = NULL;
    size_t len = 0, cap = 0;
    put(&doc, &len, &cap, src, (size_t)(from - src));
    for (size_t k = 0; k * per < n; k++) {
        if (k && !xml)
            put(&doc, &len, &cap, ",", 1);
        put_renamed(&doc, &len, &cap, from, (size_t)(to - from), xml ? xml_marks : json_marks, k);
    }
    put(&doc, &len, &cap, to, strlen(to));
    free(src);
    return doc;
}

static const struct row {
    const char *name;
    char *(*make)(size_t n, bool xml);
    size_t n;
    bool xml;
    double max_ratio; /* (file + parser peak + model) / file */
} rows[] = {
    {"10,000 lean events, XML", lean, 10000, true, 6.0},
    {"100,000 lean events, XML", lean, 100000, true, 6.0},
    {"10,000 rich items, XML", rich, 10000, true, 6.0},
    {"10,000 lean events, JSON", lean, 10000, false, 6.0},
    {"10,000 rich items, JSON", rich, 10000, false, 6.0},
};

static void test_peak_ratio(void **state)
{
    (void)state;
    int failed = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const struct row *r = &rows[i];
        char *doc = r->make(r->n, r->xml);
        if (!doc)
            fail_msg("row '%s': cannot build the feed", r->name);
        size_t len = strlen(doc);
        diag_t *d = diag_create();
        parser_mem.peak = parser_mem.live;
        size_t before = parser_mem.live;
        feed_t *f = feed_load_mem(doc, len, r->xml ? "peak.xml" : "peak.json", NULL, d);
        if (!f) {
            printf("row '%s': refused: %s\n", r->name, diag_get(d, 0));
            failed++;
        } else {
            size_t parser = parser_mem.peak - before, model = feed_memory(f);
            double ratio = (double)(len + parser + model) / (double)len;
            printf("row '%s': file %zu, parser peak %zu (%.2fx), model %zu: %.2f times the "
                   "file (at most %.1f)\n",
                   r->name, len, parser, (double)parser / (double)len, model, ratio, r->max_ratio);
            if (ratio > r->max_ratio)
                failed++;
        }
        feed_free(f);
        diag_free(d);
        free(doc);
    }
    assert_int_equal(failed, 0);
}

int main(void)
{
    /* Before any other call into either library. */
    xmlMemSetup(count_free, count_malloc, count_realloc, count_strdup);
    cJSON_InitHooks(&(cJSON_Hooks){.malloc_fn = count_malloc, .free_fn = count_free});
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_peak_ratio),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
