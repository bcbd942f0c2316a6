/* Tests for play/fetch and play/reload against a real HTTP server on
 * 127.0.0.1 (tests/tools/httpd.py): every kind of failure keeps the last good
 * feed, a good change is picked up, and a restart with no network plays the
 * cached copy at once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "model/config.h"
#include "model/util.h"
#include "play/fetch.h"
#include "play/reload.h"

static pid_t server;
static int port;
static char *tmp;

static int start_server(void **state)
{
    (void)state;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    server = fork();
    if (server == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        execlp("python3", "python3", "tests/tools/httpd.py", "0", (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    FILE *f = fdopen(fds[0], "r");
    assert_int_equal(fscanf(f, "PORT %d", &port), 1);
    fclose(f);
    tmp = xstrdup("/tmp/vitrine-fetch-XXXXXX");
    assert_non_null(mkdtemp(tmp));
    return 0;
}

static int stop_server(void **state)
{
    (void)state;
    if (server > 0) {
        kill(server, SIGTERM);
        waitpid(server, NULL, 0);
    }
    char *cmd = xasprintf("rm -rf '%s'", tmp);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(tmp);
    return 0;
}

static char *url(const char *path)
{
    return xasprintf("http://127.0.0.1:%d%s", port, path);
}

static void control(const char *mode)
{
    char *u = xasprintf("/control?mode=%s", mode);
    char *full = url(u);
    struct fetch_opts o = {2, 5, 1 << 20};
    struct fetch_result r;
    assert_int_equal(fetch_get(full, NULL, NULL, &o, &r), 0);
    fetch_result_clear(&r);
    free(full);
    free(u);
}

static void post_feed(const char *body)
{
    char *cmd = xasprintf("curl -s -o /dev/null --data-binary @- "
                          "http://127.0.0.1:%d/feed",
                          port);
    FILE *p = popen(cmd, "w");
    fputs(body, p);
    assert_int_equal(pclose(p), 0);
    free(cmd);
}

static void test_get(void **state)
{
    (void)state;
    static const struct {
        const char *path;
        int rc;
        long code;
        const char *error; /* substring, when rc < 0 */
    } rows[] = {
        {"/feed.xml", 0, 200, NULL},    {"/404", -1, 404, "HTTP 404"},
        {"/500", -1, 500, "HTTP 500"},  {"/slow", -1, 0, "imeout"},
        {"/truncated", -1, 200, ""},    {"/big", -1, 200, "larger than"},
        {"/invalid", 0, 200, NULL}, /* a 200: the loader judges the content */
        {"/redirect-ftp", -1, 302, ""},
    };
    struct fetch_opts o = {2, 2, 1 << 20};
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        char *u = url(rows[i].path);
        struct fetch_result r;
        int rc = fetch_get(u, NULL, NULL, &o, &r);
        if (rc != rows[i].rc || (rows[i].code && r.code != rows[i].code))
            fail_msg("row %zu %s: rc %d code %ld (%s)", i, rows[i].path, rc, r.code, r.error);
        if (rc < 0 && !strstr(r.error, rows[i].error))
            fail_msg("row %zu %s: error '%s' lacks '%s'", i, rows[i].path, r.error, rows[i].error);
        if (rc == 0 && !r.body)
            fail_msg("row %zu: no body", i);
        fetch_result_clear(&r);
        free(u);
    }
}

/* A second GET with the validators of the first gets a 304 and no body. */
static void test_conditional(void **state)
{
    (void)state;
    char *u = url("/feed.xml");
    struct fetch_opts o = {2, 5, 1 << 20};
    struct fetch_result a, b, c;
    assert_int_equal(fetch_get(u, NULL, NULL, &o, &a), 0);
    assert_non_null(a.etag);
    assert_non_null(a.last_modified);
    assert_int_equal(fetch_get(u, a.etag, NULL, &o, &b), 0);
    assert_int_equal(b.code, 304);
    assert_null(b.body);
    assert_int_equal(fetch_get(u, NULL, a.last_modified, &o, &c), 0);
    assert_int_equal(c.code, 304);
    fetch_result_clear(&a);
    fetch_result_clear(&b);
    fetch_result_clear(&c);
    free(u);
}

static void test_backoff(void **state)
{
    (void)state;
    static const struct {
        int fails, max_s;
        double r;
        int lo, hi; /* ms */
    } rows[] = {
        {1, 300, 0.0, 2500, 2500},   {1, 300, 0.999, 4990, 5000},      {2, 300, 0.0, 5000, 5000},
        {3, 300, 0.5, 15000, 15000}, {20, 300, 0.999, 299000, 300000}, {4, 1, 0.0, 500, 500},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        int ms = fetch_backoff_ms(rows[i].fails, rows[i].max_s, rows[i].r);
        if (ms < rows[i].lo || ms > rows[i].hi)
            fail_msg("row %zu: %d ms, want %d..%d", i, ms, rows[i].lo, rows[i].hi);
    }
}

/* Reads the status file; returns the parsed JSON or NULL. */
static cJSON *status_json(void)
{
    char *p = xasprintf("%s/state/status.json", tmp);
    char *t = read_file(p, 1 << 20, NULL);
    free(p);
    cJSON *j = t ? cJSON_Parse(t) : NULL;
    free(t);
    return j;
}

static bool has_id(const feed_t *f, const char *id)
{
    return f && feed_find(f, id) != NULL;
}

/* Takes models from the reloader for up to ms; returns the newest (owned). */
static feed_t *wait_model(reload_t *r, feed_t *cur, const char *id, bool present, int ms)
{
    for (int t = 0; t < ms; t += 50) {
        feed_t *n = reload_take(r, NULL);
        if (n) {
            feed_free(cur);
            cur = n;
        }
        if (has_id(cur, id) == present)
            return cur;
        usleep(50000);
    }
    fail_msg("item %s still %s after %d ms", id, present ? "absent" : "present", ms);
    return cur;
}

static const char *source_error(cJSON *j)
{
    cJSON *s = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "sources"), 0);
    cJSON *e = cJSON_GetObjectItem(s, "last_error");
    return cJSON_IsString(e) ? e->valuestring : NULL;
}

static const char v2[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed version=\"1\">"
                         "<items><notice id=\"avis-v2\"><title>Version 2</title></notice>"
                         "</items></feed>\n";
static const char v3[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed version=\"1\">"
                         "<items><notice id=\"avis-v3\"><title>Version 3</title></notice>"
                         "</items></feed>\n";

static void test_reload_pipeline(void **state)
{
    (void)state;
    struct config *cfg = config_defaults();
    diag_t *d = diag_create();
    char *feed = url("/feed.xml");
    char *cache = xasprintf("%s/cache", tmp), *st = xasprintf("%s/state", tmp);
    assert_int_equal(config_set(cfg, "feed", feed, "test", 0, d), 0);
    assert_int_equal(config_set(cfg, "drop", "", "test", 0, d), 0);
    assert_int_equal(config_set(cfg, "theme", "", "test", 0, d), 0);
    assert_int_equal(config_set(cfg, "cache", cache, "test", 0, d), 0);
    assert_int_equal(config_set(cfg, "state", st, "test", 0, d), 0);
    assert_int_equal(config_set(cfg, "poll", "1", "test", 0, d), 0);
    assert_int_equal(config_set(cfg, "timeout", "2", "test", 0, d), 0);
    assert_int_equal(config_set(cfg, "max_download", "1M", "test", 0, d), 0);

    control("good");
    reload_t *r = reload_start(cfg, NULL, NULL);
    feed_t *cur = wait_model(r, NULL, "avis-reseau", true, 5000);

    /* every failure keeps the last good feed and is reported in the status */
    static const char *const modes[] = {"404", "500", "invalid", "truncated", "big", "slow"};
    for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
        control(modes[i]);
        const char *err = NULL;
        cJSON *j = NULL;
        for (int t = 0; t < 80 && !err; t++) {
            usleep(100000);
            cJSON_Delete(j);
            j = status_json();
            err = source_error(j);
        }
        if (!err)
            fail_msg("mode %s: no error in the status", modes[i]);
        feed_t *n = reload_take(r, NULL);
        if (n && !has_id(n, "avis-reseau"))
            fail_msg("mode %s: the good feed was replaced", modes[i]);
        if (n) {
            feed_free(cur);
            cur = n;
        }
        cJSON_Delete(j);
        control("good");
        /* the source recovers before the next mode */
        for (int t = 0; t < 100; t++) {
            j = status_json();
            bool ok = !source_error(j);
            cJSON_Delete(j);
            if (ok)
                break;
            usleep(100000);
        }
    }

    /* a good change is picked up */
    post_feed(v2);
    cur = wait_model(r, cur, "avis-v2", true, 5000);
    reload_stop(r);
    feed_free(cur);

    /* restart with the server down: the cached copy plays at once */
    kill(server, SIGTERM);
    waitpid(server, NULL, 0);
    server = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    r = reload_start(cfg, NULL, NULL);
    cur = reload_take(r, NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    assert_true(has_id(cur, "avis-v2"));
    double ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
    printf("cached copy ready %.1f ms after start with no server\n", ms);
    assert_true(ms < 500);
    /* and the status says how old it is, with the error */
    const char *err = NULL;
    cJSON *j = NULL;
    for (int t = 0; t < 50 && !err; t++) {
        usleep(100000);
        cJSON_Delete(j);
        j = status_json();
        err = source_error(j);
    }
    assert_non_null(err);
    cJSON *s = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "sources"), 0);
    assert_true(cJSON_IsNumber(cJSON_GetObjectItem(s, "age_s")));
    cJSON_Delete(j);
    reload_stop(r);
    feed_free(cur);
    (void)v3;

    free(feed);
    free(cache);
    free(st);
    diag_free(d);
    config_free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get),
        cmocka_unit_test(test_conditional),
        cmocka_unit_test(test_backoff),
        cmocka_unit_test(test_reload_pipeline),
    };
    return cmocka_run_group_tests(tests, start_server, stop_server);
}
