/* Table-driven tests for model/jprune: the skipper against cJSON (what it accepts,
 * cJSON reads, and ends at the same place), and the pruning copy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "model/jprune.h"
#include "model/util.h"

/* --- the skipper ---------------------------------------------------------------- */

static const struct {
    const char *json;
    size_t end; /* where the value ends; 0: refused */
    bool lax;   /* refused, though cJSON reads it (stricter is safe) */
} skip_rows[] = {
    /* scalars */
    {"true", 4, false},
    {"false ,", 5, false},
    {" \t\r\n null", 9, false},
    {"nul", 0, false},
    {"tru e", 0, false},
    {"0", 1, false},
    {"-0", 2, false},
    {"12.5e-3]", 7, false},
    {"1E+9", 4, false},
    {"-", 0, false},
    {"+1", 0, false},
    {".5", 0, false},
    {"1e", 0, true},
    {"[01]", 0, true},
    {"1.", 0, true},
    {"1234567890123456789012345678901234567890123456789012345678901234", 0, true},
    /* strings and escapes */
    {"\"\"", 2, false},
    {"\"plain\" rest", 7, false},
    {"\"q\\\"uote\"", 9, false},
    {"\"\\\\\"", 4, false},
    {"\"\\\\\\\"\"", 6, false},
    {"\"\\/\\b\\f\\n\\r\\t\"", 14, false},
    {"\"\\x\"", 0, false},
    {"\"\\u00e9t\\u00C9\"", 15, false},
    {"\"\\u12\"", 0, false},
    {"\"\\uzzzz\"", 0, true},
    {"\"\\ud83d\\ude00\"", 14, false},
    {"\"\\ud83d\"", 0, false},
    {"\"\\ud83dx\\ude00\"", 0, false},
    {"\"\\ude00\\ud83d\"", 0, false},
    {"\"raw\ttab\"", 9, false},
    {"\"{[}]\"", 6, false},
    {"\"a long string that spans several words of eight bytes, with no escape\"", 71, false},
    {"\"ends in a backslash\\", 0, false},
    {"\"never closed", 0, false},
    /* containers */
    {"{}", 2, false},
    {"[ ]", 3, false},
    {"{\"a\":1}", 7, false},
    {"{ \"a\" : [1, {\"b\": \"}\"}, []] , \"c\":null }", 40, false},
    {"[[[[]]]]", 8, false},
    {"[1,]", 0, false},
    {"{\"a\":1,}", 0, false},
    {"{\"a\" 1}", 0, false},
    {"{a:1}", 0, false},
    {"[1 2]", 0, false},
    {"{\"a\":1]", 0, false},
    {"[\"}\"", 0, false},
    {"{\"k\\\"\":{\"x\":[true,false,null]}}", 31, false},
    {"", 0, false},
    {"   ", 0, false},
};

static void test_skip(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof skip_rows / sizeof skip_rows[0]; i++) {
        const char *s = skip_rows[i].json;
        size_t len = strlen(s);
        size_t got = jprune_skip(s, len);
        if (got != skip_rows[i].end)
            fail_msg("row %zu %s: skipped to %zu, want %zu", i, s, got, skip_rows[i].end);
        /* cJSON agrees: it reads what we accept and ends at the same place. */
        const char *end = NULL;
        cJSON *c = cJSON_ParseWithLengthOpts(s, len, &end, false);
        if (got && (!c || (size_t)(end - s) != got))
            fail_msg("row %zu %s: accepted up to %zu, cJSON %s %td", i, s, got,
                     c ? "ends at" : "fails at", end - s);
        /* What we refuse, cJSON refuses too, but where we are knowingly stricter. */
        if (!got && c && !skip_rows[i].lax)
            fail_msg("row %zu %s: refused, but cJSON reads it", i, s);
        if (!got && !c && skip_rows[i].lax)
            fail_msg("row %zu %s: marked lax, but cJSON refuses it too", i, s);
        cJSON_Delete(c);
    }
}

/* Every prefix of a document is refused (it is cut short), and the whole is not. */
static void test_skip_truncated(void **state)
{
    (void)state;
    static const char doc[] =
        "{\"@id\": \"x\", \"a\": [1, -2.5e3, true, false, null, \"\\u00e9\\ud83d\\ude00\"],"
        " \"b\": {\"c\": {\"d\": []}}, \"e\": \"\\\"{\"}";
    size_t len = strlen(doc);
    assert_int_equal(jprune_skip(doc, len), len);
    for (size_t n = 0; n < len; n++)
        if (jprune_skip(doc, n) != 0)
            fail_msg("prefix of %zu bytes accepted: %.*s", n, (int)n, doc);
}

/* Nesting: 1000 levels as cJSON allows, not 1001, in the skipper and the copier. */
static void test_skip_depth(void **state)
{
    (void)state;
    static const struct jprune_key keys[] = {JPRUNE_KEEP("a"), JPRUNE_END};
    const struct jprune_key *const tops[] = {keys, NULL};
    static const struct {
        int depth;
        const char *open, *close;
        bool ok;
    } rows[] = {
        {JPRUNE_MAX_DEPTH, "[", "]", true},
        {JPRUNE_MAX_DEPTH + 1, "[", "]", false},
        {JPRUNE_MAX_DEPTH, "{\"a\":", "}", true},
        {JPRUNE_MAX_DEPTH + 1, "{\"a\":", "}", false},
        {JPRUNE_MAX_DEPTH, "{\"z\":", "}", true}, /* skipped, not copied */
        {JPRUNE_MAX_DEPTH + 1, "{\"z\":", "}", false},
    };
    jprune_t *jp = jprune_create();
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        size_t no = strlen(rows[i].open), nc = strlen(rows[i].close);
        size_t len = (size_t)rows[i].depth * (no + nc) + 1;
        char *s = xmalloc(len + 1), *p = s;
        for (int d = 0; d < rows[i].depth; d++, p += no)
            memcpy(p, rows[i].open, no);
        *p++ = '1';
        for (int d = 0; d < rows[i].depth; d++, p += nc)
            memcpy(p, rows[i].close, nc);
        *p = '\0';
        cJSON *c = cJSON_ParseWithLength(s, len);
        if ((c != NULL) != rows[i].ok)
            fail_msg("row %zu: cJSON %s depth %d", i, c ? "reads" : "refuses", rows[i].depth);
        cJSON_Delete(c);
        size_t skipped = jprune_skip(s, len), plen;
        if ((skipped == len) != rows[i].ok)
            fail_msg("row %zu: skipper %s depth %d", i, skipped ? "reads" : "refuses",
                     rows[i].depth);
        const char *out = jprune_run(jp, s, len, tops, &plen);
        if ((out != NULL) != rows[i].ok)
            fail_msg("row %zu: copier %s depth %d", i, out ? "reads" : "refuses", rows[i].depth);
        free(s);
    }
    jprune_free(jp);
}

/* --- the pruning copy -------------------------------------------------------------- */

static const struct jprune_key label_keys[] = {JPRUNE_KEEP("fr"), JPRUNE_END};
static const struct jprune_key place_keys[] = {
    JPRUNE_SUB("name", label_keys),
    JPRUNE_KEEP("geo"),
    JPRUNE_END,
};
static const struct jprune_key obj_keys[] = {
    JPRUNE_KEEP("@id"),
    JPRUNE_SUB("label", label_keys),
    JPRUNE_SUB("place", place_keys),
    JPRUNE_LIST("@graph"),
    JPRUNE_END,
};
static const struct jprune_key extra_keys[] = {JPRUNE_KEEP("type"), JPRUNE_END};

static const struct {
    const char *json;
    const char *want; /* NULL: refused */
} prune_rows[] = {
    {"{\"@id\": \"x\", \"junk\": {\"a\": [1, 2]}, \"type\": 3}", "{\"@id\":\"x\",\"type\":3}"},
    {"{\"junk\": 1}", "{}"},
    {"{}", "{}"},
    {" \xef\xbb\xbf{}", NULL}, /* a byte order mark only at the start */
    {"\xef\xbb\xbf{\"type\":1}", "{\"type\":1}"},
    /* a kept value is copied as written, whitespace included */
    {"{\"@id\" : [ 1 ,\n 2 ] }", "{\"@id\":[ 1 ,\n 2 ]}"},
    /* sub-tables apply to the objects of arrays, at any depth; elements all stay */
    {"{\"label\": [{\"fr\": \"a\", \"de\": \"b\"}, \"c\", [{\"de\": 1, \"fr\": 2}], {}]}",
     "{\"label\":[{\"fr\":\"a\"},\"c\",[{\"fr\":2}],{}]}"},
    {"{\"place\": {\"name\": {\"fr\": \"A\", \"en\": \"B\"}, \"geo\": {\"lat\": 1},"
     " \"hours\": [1, 2]}}",
     "{\"place\":{\"name\":{\"fr\":\"A\"},\"geo\":{\"lat\": 1}}}"},
    /* a scalar where an object was expected stays */
    {"{\"place\": \"town\"}", "{\"place\":\"town\"}"},
    /* the top's objects in a root array and in @graph */
    {"[{\"@id\": 1, \"x\": 2}, 3, {\"y\": {}}]", "[{\"@id\":1},3,{}]"},
    {"{\"@graph\": [{\"@id\": 1, \"x\": 2, \"@graph\": []}], \"z\": 0}",
     "{\"@graph\":[{\"@id\":1,\"@graph\":[]}]}"},
    /* @graph that is not an array: kept whole */
    {"{\"@graph\": {\"x\": 1}}", "{\"@graph\":{\"x\": 1}}"},
    /* a name written with an escape is kept whole, whatever it decodes to */
    {"{\"\\u0040id\": {\"a\": 1}, \"j\\\"unk\": 2}", "{\"\\u0040id\":{\"a\": 1},\"j\\\"unk\":2}"},
    /* names that only start like a kept one */
    {"{\"@idx\": 1, \"@i\": 2, \"typ\": 3}", "{}"},
    /* duplicates stay in order */
    {"{\"type\": 1, \"type\": 2}", "{\"type\":1,\"type\":2}"},
    /* what follows the root is ignored, as cJSON does */
    {"{\"type\": 1} trailing", "{\"type\":1}"},
    /* refused: not a container at the root, or broken anywhere, kept or not */
    {"\"text\"", NULL},
    {"42", NULL},
    {"", NULL},
    {"{\"junk\": [1, 2,]}", NULL},
    {"{\"junk\": \"\\q\"}", NULL},
    {"{\"type\": tru}", NULL},
    {"{\"type\": 1", NULL},
    {"[{\"@id\": 1}", NULL},
    {"{\"type\" 1}", NULL},
};

static void test_prune(void **state)
{
    (void)state;
    const struct jprune_key *const tops[] = {obj_keys, extra_keys, NULL};
    jprune_t *jp = jprune_create();
    for (size_t i = 0; i < sizeof prune_rows / sizeof prune_rows[0]; i++) {
        const char *s = prune_rows[i].json, *want = prune_rows[i].want;
        size_t plen = 0;
        const char *got = jprune_run(jp, s, strlen(s), tops, &plen);
        if (!want && got)
            fail_msg("row %zu %s: accepted as %s, want refused", i, s, got);
        if (want && (!got || strcmp(got, want) != 0 || plen != strlen(want)))
            fail_msg("row %zu %s: gave %s, want %s", i, s, got ? got : "(refused)", want);
        if (got) { /* the output is JSON that cJSON reads */
            cJSON *c = cJSON_ParseWithLength(got, plen);
            if (!c)
                fail_msg("row %zu: cJSON cannot read %s", i, got);
            cJSON_Delete(c);
        }
    }
    jprune_free(jp);
}

/* A NUL byte ends a name for cJSON ("type" here): such a name is kept whole too. */
static void test_prune_nul_name(void **state)
{
    (void)state;
    static const char s[] = "{\"type\0x\": {\"a\": 1}, \"z\0\": 2}";
    static const char want[] = "{\"type\0x\":{\"a\": 1},\"z\0\":2}";
    const struct jprune_key *const tops[] = {obj_keys, extra_keys, NULL};
    jprune_t *jp = jprune_create();
    size_t plen;
    const char *got = jprune_run(jp, s, sizeof s - 1, tops, &plen);
    assert_non_null(got);
    assert_int_equal(plen, sizeof want - 1);
    assert_memory_equal(got, want, plen);
    jprune_free(jp);
}

/* The output buffer grows past its first size and is reused. */
static void test_prune_big(void **state)
{
    (void)state;
    const struct jprune_key *const tops[] = {obj_keys, NULL};
    size_t n = 20000;
    char *s = xmalloc(n * 32 + 64), *p = s;
    p += sprintf(p, "{\"@id\": [");
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "%s\"%06zu\"", i ? ", " : "", i);
    p += sprintf(p, "], \"junk\": 1}");
    jprune_t *jp = jprune_create();
    for (int round = 0; round < 2; round++) {
        size_t plen;
        const char *out = jprune_run(jp, s, (size_t)(p - s), tops, &plen);
        assert_non_null(out);
        /* all but ", \"junk\": 1" and the space after "@id": */
        assert_int_equal(plen, (size_t)(p - s) - strlen(", \"junk\": 1") - 1);
        assert_int_equal(out[plen], '\0');
    }
    jprune_free(jp);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_skip),           cmocka_unit_test(test_skip_truncated),
        cmocka_unit_test(test_skip_depth),     cmocka_unit_test(test_prune),
        cmocka_unit_test(test_prune_nul_name), cmocka_unit_test(test_prune_big),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
