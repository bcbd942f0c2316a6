/* Table-driven tests for model/keytab, the one INI reader of vitrine.conf and
 * theme.ini: one message per mistake with its line, the [portrait]-style
 * override section, and that docs/config.md and docs/themes.md document
 * every key of both tables with its default. */
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
#include "draw/theme.h"
#include "model/config.h"
#include "model/keytab.h"
#include "model/util.h"

/* A small table that uses every type. */
struct demo {
    char *name;
    int count, wait_ms;
    double ratio;
    int64_t size;
    bool on;
    int side;
    char *band;
    uint32_t color;
    struct {
        double scale;
    } land, port;
};

static const char *side_word(int v)
{
    static const char *const w[] = {"left", "right"};
    return w[v];
}

static const char *band_word(int v)
{
    static const char *const w[] = {"off", "top", "bottom"};
    return w[v];
}

#define O(f) offsetof(struct demo, f)
static const struct keytab_key demo_keys[] = {
    {"main", "name", KT_STR, O(name), "demo", .help = "a name"},
    {"main", "count", KT_INT, O(count), "3", 1, 10, .help = "a count"},
    {"main", "wait", KT_SECONDS, O(wait_ms), "1.5", 0, 60, .help = "a wait"},
    {"main", "ratio", KT_DOUBLE, O(ratio), "0.5", 0.2, 0.8, .help = "a ratio"},
    {"main", "size", KT_SIZE, O(size), "1M", 1024, 0, .help = "a size"},
    {"main", "on", KT_BOOL, O(on), "true", .help = "a switch"},
    {"look", "side", KT_ENUM, O(side), "left", 0, 1, .word = side_word, .help = "a side"},
    {"look", "band", KT_WORD, O(band), "off", 0, 2, .word = band_word, .help = "a band"},
    {"look", "color", KT_COLOR, O(color), "#c8102e", .help = "a colour"},
    {"look", "scale", KT_DOUBLE, O(land.scale), "1", 0.5, 2, .override = true, .help = "a scale"},
};

static void demo_portrait(void *obj)
{
    struct demo *d = obj;
    d->port = d->land;
}

static const struct keytab demo = {
    .keys = demo_keys,
    .n = sizeof demo_keys / sizeof demo_keys[0],
    .doc = "docs/demo.md",
    .override_section = "tall",
    .override_delta = (ptrdiff_t)O(port) - (ptrdiff_t)O(land),
    .before_overrides = demo_portrait,
};

static const struct {
    const char *name;
    const char *ini;
    const char *error; /* NULL: no problem; else ":LINE: message" expected */
    const char *value; /* with no error: a line keytab_print writes */
} rows[] = {
    {"defaults", "", NULL, "wait = 1.5"},
    {"string", "[main]\nname = hall\n", NULL, "name = hall"},
    {"case of sections and keys", "[MAIN]\nCount = 7\n", NULL, "count = 7"},
    {"seconds", "[main]\nwait = 2.25\n", NULL, "wait = 2.25"},
    {"size", "[main]\nsize = 2K\n", NULL, "size = 2048"},
    {"bool words", "[main]\non = Off\n", NULL, "on = false"},
    {"enum any case", "[look]\nside = RIGHT\n", NULL, "side = right"},
    {"word stored as the table writes it", "[look]\nband = Top\n", NULL, "band = top"},
    {"colour with alpha", "[look]\ncolor = #141210c0\n", NULL, "color = #141210c0"},
    {"override applied after", "[tall]\nscale = 1.5\n[look]\nscale = 0.75\n", NULL,
     "scale = 0.75"},
    {"whole number", "[main]\ncount = 2.5\n",
     ":2: count: '2.5' is not valid; expected a whole number from 1 to 10", NULL},
    {"out of range", "[main]\nratio = 0.9\n",
     ":2: ratio: '0.9' is not valid; expected a number from 0.2 to 0.8", NULL},
    {"nan", "[main]\nwait = nan\n",
     ":2: wait: 'nan' is not valid; expected a number from 0 to 60 (seconds)", NULL},
    {"small size", "[main]\nsize = 10\n",
     ":2: size: '10' is not a valid size; expected a number of bytes with K, M or G, at least 1K",
     NULL},
    {"bool", "[main]\n\non = maybe\n", ":3: on: 'maybe' is not valid; expected true or false",
     NULL},
    {"enum", "[look]\nside = up\n", ":2: side: 'up' is not valid; expected left or right", NULL},
    {"word", "[look]\nband = middle\n",
     ":2: band: 'middle' is not valid; expected off, top or bottom", NULL},
    {"colour", "[look]\ncolor = red\n",
     ":2: color: 'red' is not a colour; write #rrggbb or #rrggbbaa (e.g. #c8102e)", NULL},
    {"outside any section", "count = 2\n",
     ":1: 'count' is outside any section; put it under [main], [look] or [tall]", NULL},
    {"wrong section", "[look]\ncount = 2\n", ":2: 'count' belongs in section [main], not [look]",
     NULL},
    {"did you mean", "[main]\ncuont = 2\n",
     ":2: unknown key 'cuont' in [main]; did you mean 'count'?", NULL},
    {"unknown key", "[main]\nbrightness = 2\n",
     ":2: unknown key 'brightness' in [main]; see docs/demo.md for the keys", NULL},
    {"unknown section", "[feel]\nx = 1\n",
     ":2: unknown section [feel]; sections are [main], [look] or [tall] (see docs/demo.md)", NULL},
    {"not an override key", "[tall]\ncount = 2\n",
     ":2: unknown key 'count' in [tall]; see docs/demo.md for the keys", NULL},
    {"bad override value", "[tall]\nscale = 9\n",
     ":2: scale: '9' is not valid; expected a number from 0.5 to 2", NULL},
    {"malformed line", "[main]\ncount = 2\nthis is not ini\n",
     ":3: not a 'key = value' line nor a [section]", NULL},
};

static void test_rows(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char *path = ini_tmp(rows[i].ini);
        struct demo d = {0};
        keytab_defaults(&demo, &d);
        diag_t *dg = diag_create();
        int problems = keytab_read(&demo, &d, path, dg, NULL);
        char *out = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&out, &len);
        keytab_print(&demo, &d, m);
        fclose(m);
        ini_check(i, rows[i].name, path, problems, dg, rows[i].error, out, rows[i].value);
        free(out);
        diag_free(dg);
        keytab_free_strings(&demo, &d);
        unlink(path);
        free(path);
    }
}

/* The override section starts from the main values (before_overrides). */
static void test_override(void **state)
{
    (void)state;
    char *path = ini_tmp("[look]\nscale = 0.75\n[tall]\nscale = 1.5\n");
    struct demo d = {0};
    keytab_defaults(&demo, &d);
    diag_t *dg = diag_create();
    int lines[sizeof demo_keys / sizeof demo_keys[0]];
    assert_int_equal(keytab_read(&demo, &d, path, dg, lines), 0);
    assert_true(d.land.scale == 0.75 && d.port.scale == 1.5);
    assert_int_equal(lines[9], 2); /* the line of [look] scale, not of the override */
    assert_int_equal(lines[0], 0);
    diag_free(dg);
    keytab_free_strings(&demo, &d);
    unlink(path);
    free(path);
}

/* The table row of key k in the doc's section [k->section], or NULL. */
static const char *doc_row(const char *doc, const struct keytab_key *k, char *row, size_t size)
{
    char heading[80], name[80];
    snprintf(heading, sizeof heading, "# [%s]", k->section);
    snprintf(name, sizeof name, "`%s`", k->name);
    const char *s = strstr(doc, heading);
    if (!s)
        return NULL;
    s = strchr(s, '\n');
    while (s && *s) {
        s++;
        const char *end = strchr(s, '\n');
        size_t n = end ? (size_t)(end - s) : strlen(s);
        if (*s == '#' && strstr(s, "# [") && strstr(s, "# [") < s + n)
            return NULL; /* the next section */
        if (*s == '|') {
            const char *cell = strchr(s + 1, '|'); /* the row's first cell: its keys */
            const char *hit = strstr(s, name);
            if (hit && cell && hit < cell) {
                snprintf(row, size, "%.*s", (int)n, s);
                return row;
            }
        }
        s = end;
    }
    return NULL;
}

/* Every key of both tables has a row in its documentation, under its section,
 * that gives its default. */
static void test_documented(void **state)
{
    (void)state;
    const struct {
        const struct keytab *t;
        const char *doc;
    } tables[] = {{config_keytab(), "docs/config.md"}, {theme_keytab(), "docs/themes.md"}};
    int missing = 0;
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        const struct keytab *t = tables[i].t;
        assert_string_equal(t->doc, tables[i].doc);
        char *doc = read_file(tables[i].doc, 1 << 20, NULL);
        if (!doc)
            fail_msg("cannot read %s (run from the source tree)", tables[i].doc);
        for (size_t j = 0; j < t->n; j++) {
            const struct keytab_key *k = &t->keys[j];
            char row[2048], def[200];
            if (!doc_row(doc, k, row, sizeof row)) {
                print_error("%s: no row for [%s] %s\n", tables[i].doc, k->section, k->name);
                missing++;
                continue;
            }
            bool none = !k->def || !*k->def;
            snprintf(def, sizeof def, "`%s`", none ? "" : k->def);
            if (none ? !strstr(row, "empty") && !strstr(row, "none") : !strstr(row, def)) {
                print_error("%s: the row of [%s] %s does not give its default %s: %s\n",
                            tables[i].doc, k->section, k->name, none ? "(empty)" : def, row);
                missing++;
            }
        }
        free(doc);
    }
    if (missing)
        fail_msg("%d keys undocumented or with another default (see above)", missing);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_override),
        cmocka_unit_test(test_documented),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
