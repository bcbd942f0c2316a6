/* Table-driven tests for model/path: names from content stay inside their
 * folder, whatever links and '..' they use; and the drop folder and the
 * merge refuse what leads out, with a message naming the file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "model/dropfolder.h"
#include "model/feed.h"
#include "model/merge.h"
#include "model/path.h"
#include "model/util.h"

static char root[64];   /* the temporary tree */
static char *feed_dir_; /* root/feed: the folder under test */

static void put(const char *rel, const char *body)
{
    char *p = xasprintf("%s/%s", root, rel);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(body, f);
    fclose(f);
    free(p);
}

static void link_(const char *target, const char *rel)
{
    char *p = xasprintf("%s/%s", root, rel);
    assert_int_equal(symlink(target, p), 0);
    free(p);
}

static int setup(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/vitrine-path-XXXXXX");
    assert_non_null(mkdtemp(root));
    feed_dir_ = xasprintf("%s/feed", root);
    mkdir(feed_dir_, 0755);
    char *p = xasprintf("%s/feed/images", root);
    mkdir(p, 0755);
    free(p);
    put("secret.txt", "not for the screen");
    put("feed/images/ok.jpg", "\xFF\xD8 jpeg \xFF\xD9");
    link_("ok.jpg", "feed/images/alias.jpg");         /* a link that stays inside */
    link_("../../secret.txt", "feed/images/out.jpg"); /* a link that leads out */
    link_("../../secret.txt", "feed/images/out.mp4");
    put("feed/images/ok.mp4", "film");
    link_("/etc/passwd", "feed/images/passwd.jpg"); /* absolute link out */
    link_("../..", "feed/images/up");               /* a folder link out */
    link_("/nonexistent/x.jpg", "feed/images/dangling.jpg");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char *cmd = xasprintf("rm -rf '%s'", root);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(feed_dir_);
    return 0;
}

static const struct row {
    const char *name, *ref;
    enum path_result want;
    const char *msg; /* substring of err, or NULL */
} rows[] = {
    {"plain file", "images/ok.jpg", PATH_OK, NULL},
    {"link inside", "images/alias.jpg", PATH_OK, NULL},
    {"dot segments inside", "images/./../images/ok.jpg", PATH_OK, NULL},
    {"missing", "images/absent.jpg", PATH_MISSING, "No such file"},
    {"dangling link", "images/dangling.jpg", PATH_MISSING, NULL},
    {"dot-dot", "../secret.txt", PATH_OUTSIDE, "leads outside the folder"},
    {"dot-dot deep", "images/../../secret.txt", PATH_OUTSIDE, "without '..'"},
    {"absolute outside", "/etc/passwd", PATH_OUTSIDE, "'/etc/passwd' is outside the folder"},
    {"link out", "images/out.jpg", PATH_OUTSIDE, "is a symbolic link to"},
    {"absolute link out", "images/passwd.jpg", PATH_OUTSIDE, "/etc/passwd, outside"},
    {"folder link out", "images/up/secret.txt", PATH_OUTSIDE, "symbolic link"},
};

static void test_contain(void **state)
{
    (void)state;
    int failed = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const struct row *r = &rows[i];
        char *out, err[512];
        enum path_result got = path_contain(feed_dir_, r->ref, &out, err, sizeof err);
        if (got != r->want || (r->msg && !strstr(err, r->msg)) ||
            (got == PATH_OK) != (out != NULL)) {
            printf("row '%s': got %d want %d, err '%s'\n", r->name, got, r->want, err);
            failed++;
        }
        if (out && strncmp(out, "/tmp/", 5) && strncmp(out, root, strlen(root))) {
            printf("row '%s': resolved to %s\n", r->name, out);
            failed++;
        }
        free(out);
    }
    /* an absolute path inside the folder is fine */
    char *abs = xasprintf("%s/images/ok.jpg", feed_dir_), *out, err[512];
    if (path_contain(feed_dir_, abs, &out, err, sizeof err) != PATH_OK) {
        printf("row 'absolute inside': %s\n", err);
        failed++;
    }
    free(out);
    free(abs);
    assert_int_equal(failed, 0);
}

/* The merge drops an image that links out, says where, keeps the item. */
static void test_merge_refuses_link(void **state)
{
    (void)state;
    char *xml = xasprintf("<feed version=\"1\"><items>\n"
                          "<notice id=\"a\"><title>A</title><image>images/out.jpg</image>"
                          "</notice>\n"
                          "<notice id=\"b\"><title>B</title><image>images/ok.jpg</image>"
                          "</notice>\n</items></feed>\n");
    diag_t *d = diag_create();
    feed_t *f = feed_load_mem(xml, strlen(xml), "feed.xml", feed_dir_, d);
    assert_non_null(f);
    const feed_t *in[] = {f};
    feed_t *m = merge_feeds(in, 1, NULL, NULL, d);
    assert_int_equal(feed_count(m), 2);
    assert_null(feed_item(m, 0)->image);
    assert_non_null(feed_item(m, 1)->image);
    assert_int_equal(diag_count(d), 1);
    if (!strstr(diag_get(d, 0), "feed.xml:2: image 'images/out.jpg' is a symbolic link"))
        fail_msg("merge message: %s", diag_get(d, 0));
    feed_free(m);
    feed_free(f);
    diag_free(d);
    free(xml);
}

/* merge_left_out says what merge_alone leaves out, with the same messages,
 * without copying the feed: one row per feed. */
static void test_left_out_as_merge(void **state)
{
    (void)state;
    static const struct {
        const char *name, *items;
        size_t left_out;
    } cases[] = {
        {"none", "<notice id=\"b\"><title>B</title><image>images/ok.jpg</image></notice>", 0},
        {"notice shown without",
         "<notice id=\"a\"><title>A</title><image>images/out.jpg</image></notice>", 0},
        {"poster left out",
         "<poster id=\"p\"><image>images/out.jpg</image></poster>\n"
         "<poster id=\"q\"><image>images/ok.jpg</image></poster>",
         1},
        /* a poster that is only a film that links out costs itself only */
        {"film poster left out",
         "<poster id=\"v\"><video>images/out.mp4</video></poster>\n"
         "<notice id=\"n\"><title>N</title></notice>",
         1},
        {"poster plays its film without its image",
         "<poster id=\"w\"><image>images/out.jpg</image><video>images/ok.mp4</video></poster>", 0},
    };
    int failed = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *xml =
            xasprintf("<feed version=\"1\"><items>\n%s\n</items></feed>\n", cases[i].items);
        diag_t *d = diag_create(), *a = diag_create(), *b = diag_create();
        feed_t *f = feed_load_mem(xml, strlen(xml), "feed.xml", feed_dir_, d);
        feed_t *m = f ? merge_alone(f, a) : NULL;
        size_t n = f ? merge_left_out(f, b) : 0;
        bool same = m && diag_count(a) == diag_count(b);
        for (size_t k = 0; same && k < diag_count(a); k++)
            same = !strcmp(diag_get(a, k), diag_get(b, k));
        if (!same || n != cases[i].left_out || feed_count(f) - n != feed_count(m)) {
            printf("row '%s': left out %zu, merge kept %zu, messages %s\n", cases[i].name, n,
                   m ? feed_count(m) : 0, same ? "same" : "differ");
            failed++;
        }
        feed_free(m);
        feed_free(f);
        diag_free(d);
        diag_free(a);
        diag_free(b);
        free(xml);
    }
    assert_int_equal(failed, 0);
}

/* The drop folder leaves out an image or a sidecar that links out. */
static void test_drop_refuses_links(void **state)
{
    (void)state;
    char *drop = xasprintf("%s/drop", root);
    mkdir(drop, 0755);
    char *p = xasprintf("%s/drop/fete.jpg", root);
    FILE *fp = fopen(p, "w");
    fputs("\xFF\xD8 a jpeg long enough \xFF\xD9", fp);
    fclose(fp);
    free(p);
    link_("../secret.txt", "drop/fete.xml"); /* sidecar pointing out */
    link_("/etc/passwd", "drop/passwd.jpg"); /* image pointing out */
    drop_t *dr = drop_create(drop, NULL);
    diag_t *d = diag_create();
    bool pending;
    feed_t *f = drop_scan(dr, INT64_C(4000000000000), &pending, d);
    assert_int_equal(feed_count(f), 0);
    int seen_img = 0, seen_side = 0;
    for (size_t i = 0; i < diag_count(d); i++) {
        seen_img |= strstr(diag_get(d, i), "passwd.jpg: 'passwd.jpg' is a symbolic link") != 0;
        seen_side |= strstr(diag_get(d, i), "fete.xml: sidecar 'fete.xml' is a symbolic") != 0;
    }
    if (!seen_img || !seen_side) {
        diag_print(d, stdout);
        fail_msg("drop folder link messages missing");
    }
    feed_free(f);
    diag_free(d);
    drop_free(dr);
    free(drop);
}

/* The committed hostile drop folder: entity bombs and links in sidecars and
 * images; only ok.jpg may become a poster, its caption cleaned. */
static const struct drop_row {
    const char *name, *msg;
} drop_rows[] = {
    {"billion laughs sidecar", "laughs.xml:1: DTDs are not allowed in a sidecar"},
    {"external entity sidecar", "xxe.xml:1: DTDs are not allowed in a sidecar"},
    {"sidecar linked out", "linked.xml: sidecar 'linked.xml' is a symbolic link to"},
    {"image linked out", "escape.jpg: 'escape.jpg' is a symbolic link to /etc/hostname"},
    {"poster left out", "laughs.jpg: this poster is left out until"},
};

static void test_hostile_drop(void **state)
{
    (void)state;
    drop_t *dr = drop_create("tests/hostile/drop", NULL);
    diag_t *d = diag_create();
    bool pending;
    feed_t *f = drop_scan(dr, INT64_C(4000000000000), &pending, d);
    int failed = 0;
    for (size_t r = 0; r < sizeof drop_rows / sizeof drop_rows[0]; r++) {
        bool seen = false;
        for (size_t i = 0; i < diag_count(d) && !seen; i++)
            seen = strstr(diag_get(d, i), drop_rows[r].msg) != NULL;
        if (!seen) {
            printf("row '%s': no message '%s'\n", drop_rows[r].name, drop_rows[r].msg);
            failed++;
        }
    }
    if (feed_count(f) != 1 || strcmp(feed_item(f, 0)->image, "ok.jpg") ||
        strcmp(feed_item(f, 0)->title.s[0], "caf\xEF\xBF\xBD ok")) {
        printf("row 'only ok.jpg': %zu posters\n", feed_count(f));
        failed++;
    }
    if (failed)
        diag_print(d, stdout);
    feed_free(f);
    diag_free(d);
    drop_free(dr);
    assert_int_equal(failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_contain),           cmocka_unit_test(test_merge_refuses_link),
        cmocka_unit_test(test_left_out_as_merge), cmocka_unit_test(test_drop_refuses_links),
        cmocka_unit_test(test_hostile_drop),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
