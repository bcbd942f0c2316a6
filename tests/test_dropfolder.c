/* Table-driven tests for model/dropfolder: what staff drop becomes posters,
 * and nothing half-copied is ever used. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/dropfolder.h"
#include "model/util.h"

/* A tiny file that ends like a JPEG. */
static const char jpeg[] = "\xFF\xD8\xFF\xE0 fake jpeg body for tests \xFF\xD9";
#define NOW_MS ((int64_t)1780000000 * 1000)

static char *dir;

static void put(const char *rel, const char *body, size_t len, int64_t age_ms)
{
    char *p = xasprintf("%s/%s", dir, rel);
    char *slash = strrchr(p, '/');
    *slash = '\0';
    mkdir(p, 0755);
    *slash = '/';
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fwrite(body, 1, len, f);
    fclose(f);
    struct timeval tv[2];
    int64_t t = NOW_MS - age_ms;
    tv[0].tv_sec = tv[1].tv_sec = t / 1000;
    tv[0].tv_usec = tv[1].tv_usec = (t % 1000) * 1000;
    utimes(p, tv);
    free(p);
}

/* ... and one that ends like a PNG (the IEND chunk). */
static const char png[] = "\x89PNG\r\n\x1a\n fake png body \0\0\0\0IEND\xAE\x42\x60\x82";

static void put_img(const char *rel)
{
    if (str_ends(rel, ".png"))
        put(rel, png, sizeof png - 1, 60000);
    else
        put(rel, jpeg, sizeof jpeg - 1, 60000);
}

static void put_text(const char *rel, const char *text)
{
    put(rel, text, strlen(text), 60000);
}

static int setup(void **state)
{
    (void)state;
    dir = xstrdup("/tmp/vitrine-drop-XXXXXX");
    assert_non_null(mkdtemp(dir));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char *cmd = xasprintf("rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(dir);
    return 0;
}

static feed_t *scan(const char *screen, bool *pending, diag_t *d)
{
    drop_t *dr = drop_create(dir, screen);
    feed_t *f = drop_scan(dr, NOW_MS, pending, d);
    drop_free(dr);
    return f;
}

static const struct item *find(const feed_t *f, const char *id)
{
    const struct item *it = feed_find(f, id);
    if (!it) {
        fprintf(stderr, "ids:");
        for (size_t i = 0; i < feed_count(f); i++)
            fprintf(stderr, " %s", feed_item(f, i)->id);
        fprintf(stderr, "\n");
    }
    return it;
}

static void test_names(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        const char *id; /* NULL: must not appear */
        const char *from, *until;
    } rows[] = {
        {"affiche.jpg", "drop-affiche.jpg", NULL, NULL},
        {"2026-07-01_2026-07-15 Fête.jpg", "drop-2026-07-01_2026-07-15-fete.jpg", "2026-07-01",
         "2026-07-15"},
        {"2026-08-03 Marché.png", "drop-2026-08-03-marche.png", "2026-08-03", NULL},
        {"2026-13-40 pas une date.jpg", "drop-2026-13-40-pas-une-date.jpg", NULL, NULL},
        {"Cœur d'Élysée.jpg", "drop-coeur-d-elysee.jpg", NULL, NULL},
        {"Cre\xcc\x80"
         "me bru\xcc\x82"
         "le\xcc\x81"
         "e.jpg",
         "drop-creme-brulee.jpg", NULL, NULL}, /* NFD */
        {".cache.jpg", NULL, NULL, NULL},
        {"~$affiche.jpg", NULL, NULL, NULL},
        {"grand.jpg.part", NULL, NULL, NULL},
        {"notes.txt", NULL, NULL, NULL},
        {"autre-ecran/cache.jpg", NULL, NULL, NULL},
        {"accueil/pour-moi.jpg", "drop-accueil-pour-moi.jpg", NULL, NULL},
    };
    size_t n = sizeof(rows) / sizeof(rows[0]);
    for (size_t i = 0; i < n; i++)
        rows[i].file[strlen(rows[i].file) - 1] == 't' && strstr(rows[i].file, ".txt")
            ? put_text(rows[i].file, "hello")
            : put_img(rows[i].file);
    bool pending;
    diag_t *d = diag_create();
    feed_t *f = scan("accueil", &pending, d);
    diag_print(d, stderr);
    assert_int_equal(diag_count(d), 0);
    if (pending) {
        for (size_t i = 0; i < feed_count(f); i++)
            fprintf(stderr, "got %s\n", feed_item(f, i)->id);
        fail_msg("pending");
    }
    size_t want = 0;
    for (size_t i = 0; i < n; i++) {
        if (!rows[i].id)
            continue;
        want++;
        const struct item *it = find(f, rows[i].id);
        if (!it)
            fail_msg("row %zu (%s): no item %s", i, rows[i].file, rows[i].id);
        if (it->kind != KIND_POSTER)
            fail_msg("row %zu: not a poster", i);
        char buf[40];
        if (rows[i].from) {
            civil_format(it->sched.from, true, buf, sizeof buf);
            if (it->sched.from == CIVIL_NONE || strcmp(buf, rows[i].from))
                fail_msg("row %zu: from %s, want %s", i, buf, rows[i].from);
        } else if (it->sched.from != CIVIL_NONE) {
            fail_msg("row %zu: unexpected from", i);
        }
        if (rows[i].until) {
            civil_format(it->sched.until, true, buf, sizeof buf);
            if (it->sched.until == CIVIL_NONE || strcmp(buf, rows[i].until))
                fail_msg("row %zu: until %s, want %s", i, buf, rows[i].until);
        }
    }
    assert_int_equal(feed_count(f), want);
    feed_free(f);
    diag_free(d);
}

static void test_sidecars(void **state)
{
    (void)state;
    put_img("concert.jpg");
    put_text("concert.xml", "<poster>\n  <title>Concert du chœur</title>\n"
                            "  <title lang=\"eu\">Abesbatza</title>\n"
                            "  <until>2026-10-17</until>\n</poster>\n");
    put_img("marche.jpg");
    put_text("marche.json", "{\"title\": {\"fr\": \"Marché\", \"en\": \"Market\"}, "
                            "\"duration\": 8}");
    put_img("casse.jpg");
    put_text("casse.xml", "<poster>\n  <until>2026-02-30</until>\n</poster>\n");
    put_img("brise.jpg");
    put_text("brise.json", "{\"title\": ");
    bool pending;
    diag_t *d = diag_create();
    feed_t *f = scan(NULL, &pending, d);
    const struct item *c = find(f, "drop-concert.jpg");
    assert_non_null(c);
    assert_string_equal(tr_get(&c->title, LANG_FR), "Concert du chœur");
    assert_string_equal(tr_get(&c->title, LANG_EU), "Abesbatza");
    assert_int_not_equal(c->sched.until, CIVIL_NONE);
    const struct item *m = find(f, "drop-marche.jpg");
    assert_non_null(m);
    assert_string_equal(tr_get(&m->title, LANG_EN), "Market");
    assert_int_equal(m->sched.duration_ms, 8000);
    /* a bad sidecar leaves its poster out, and says where */
    assert_null(feed_find(f, "drop-casse.jpg"));
    assert_null(feed_find(f, "drop-brise.jpg"));
    bool saw_line = false, saw_json = false;
    for (size_t i = 0; i < diag_count(d); i++) {
        saw_line |= strstr(diag_get(d, i), "casse.xml:2:") != NULL;
        saw_json |= strstr(diag_get(d, i), "brise.json") != NULL;
    }
    if (!saw_line || !saw_json) {
        diag_print(d, stderr);
        fail_msg("sidecar problems not reported with their file and line");
    }
    feed_free(f);
    diag_free(d);
}

/* A file written a moment ago is left out until it has settled. */
static void test_settling(void **state)
{
    (void)state;
    put("neuf.jpg", jpeg, sizeof jpeg - 1, 100); /* modified 0.1 s ago */
    put("tronque.jpg", jpeg, 20, 60000);         /* old but does not end like a JPEG */
    drop_t *dr = drop_create(dir, NULL);
    bool pending;
    diag_t *d = diag_create();
    feed_t *f = drop_scan(dr, NOW_MS, &pending, d);
    assert_true(pending);
    assert_int_equal(feed_count(f), 0);
    feed_free(f);
    /* 1 s later, unchanged: the new one is in; the truncated one waits */
    f = drop_scan(dr, NOW_MS + DROP_SETTLE_MS, &pending, d);
    assert_non_null(feed_find(f, "drop-neuf.jpg"));
    assert_null(feed_find(f, "drop-tronque.jpg"));
    assert_true(pending);
    feed_free(f);
    /* ... until it has not changed for 10 s: then it is given its chance */
    f = drop_scan(dr, NOW_MS + 11000, &pending, d);
    assert_non_null(feed_find(f, "drop-tronque.jpg"));
    feed_free(f);
    drop_free(dr);
    diag_free(d);
}

/* A file held open for writing is not used, however old it looks. */
static void test_open_for_writing(void **state)
{
    (void)state;
    put_img("ouvert.jpg");
    char *p = xasprintf("%s/ouvert.jpg", dir);
    FILE *w = fopen(p, "ab");
    assert_non_null(w);
    bool pending;
    diag_t *d = diag_create();
    feed_t *f = scan(NULL, &pending, d);
    bool leases = geteuid() == 0; /* leases need the file's owner or CAP_LEASE */
    if (leases) {
        assert_null(feed_find(f, "drop-ouvert.jpg"));
        assert_true(pending);
    }
    feed_free(f);
    fclose(w);
    f = scan(NULL, &pending, d);
    assert_non_null(feed_find(f, "drop-ouvert.jpg"));
    feed_free(f);
    free(p);
    diag_free(d);
}

static void test_ignored_names(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        bool ignored;
    } rows[] = {
        {"a.jpg", false}, {".a.jpg", true}, {"~$a.docx", true},     {"a.jpg.part", true},
        {"a.tmp", true},  {"a.jpg~", true}, {"a.crdownload", true}, {"feed.xml", false},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
        if (drop_ignored_name(rows[i].name) != rows[i].ignored)
            fail_msg("row %zu: %s", i, rows[i].name);
}

static void test_missing_folder(void **state)
{
    (void)state;
    drop_t *dr = drop_create("/nonexistent/vitrine-drop", "x");
    bool pending;
    diag_t *d = diag_create();
    feed_t *f = drop_scan(dr, NOW_MS, &pending, d);
    assert_non_null(f);
    assert_int_equal(feed_count(f), 0);
    feed_free(f);
    drop_free(dr);
    diag_free(d);
}

/* `vitrine check` on a sidecar (issue 17 point 7): a syntax error is given
 * with its line; a sidecar whose picture is not there yet gets one message
 * that says so. Rows: the sidecar's name and text, whether its picture is
 * there, then the return and the only message wanted. */
static void test_check_sidecar(void **state)
{
    (void)state;
    static const struct {
        const char *name, *text;
        bool picture;
        int rc;
        const char *msg; /* NULL: none */
    } rows[] = {
        {"virgule.json", "{\n  \"title\": \"Fête\"\n  \"until\": \"2026-07-15\"\n}\n", true, -1,
         "virgule.json:3: not valid JSON here"},
        {"chevron.xml", "<poster>\n<title>Fête</title>\n<until>2026-07-15</until\n</poster>\n",
         true, -1, "chevron.xml:4: not well-formed XML: expected '>'"},
        {"bon.json", "{\"title\": \"Fête\", \"until\": \"2026-07-15\"}", true, 0, NULL},
        {"seul.json", "{\"title\": \"Fête\", \"until\": \"2026-07-15\"}", false, -1,
         "seul.json: a drop-folder sidecar with no picture beside it yet: its poster shows once "
         "seul.jpg"},
        {"seul.xml", "<poster><title>Fête</title></poster>", false, -1,
         "seul.xml: a drop-folder sidecar with no picture beside it yet"},
        {"feed.json", "{\"version\": 1, \"items\": []}", false, 1, NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        put_text(rows[i].name, rows[i].text);
        char *img =
            xasprintf("%.*s.jpg", (int)(strrchr(rows[i].name, '.') - rows[i].name), rows[i].name);
        if (rows[i].picture)
            put_img(img);
        char *path = xasprintf("%s/%s", dir, rows[i].name);
        diag_t *d = diag_create();
        int rc = drop_check_sidecar(path, d);
        size_t want = rows[i].msg ? 1 : 0;
        if (rc != rows[i].rc || diag_count(d) != want ||
            (want && !strstr(diag_get(d, 0), rows[i].msg)))
            fail_msg("row %zu (%s): rc %d, %zu messages, first: %s", i, rows[i].name, rc,
                     diag_count(d), diag_count(d) ? diag_get(d, 0) : "-");
        diag_free(d);
        free(path);
        free(img);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sidecars, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_sidecar, setup, teardown),
        cmocka_unit_test_setup_teardown(test_settling, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_for_writing, setup, teardown),
        cmocka_unit_test(test_ignored_names),
        cmocka_unit_test(test_missing_folder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
