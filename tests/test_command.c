/* Table-driven tests for play/command: each command's JSON, good and bad
 * (every message names the member), the expiry of a notice with and without
 * an offset, the queue's order, and the notice's one-item takeover feed. The
 * inbox folder's thread is covered by tests/it_inbox.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "model/feed.h"
#include "play/command.h"
#include "play/notice.h"

struct row {
    const char *json;
    int kind;          /* expected kind, or -1: refused */
    const char *error; /* refused: a part of the message */
    const char *id;    /* show */
    int on;            /* power: 0/1 */
    const char *fr, *en;
    const char *until; /* notice: the expiry as a wall-clock text */
    int offset_s;      /* notice: INT32_MIN when the command named none */
};

#define NONE INT32_MIN

static const struct row rows[] = {
    {.json = "{\"cmd\":\"show\",\"id\":\"concert-choeur\"}",
     .kind = CMD_SHOW,
     .id = "concert-choeur"},
    {.json = "{\"cmd\":\"reload\"}", .kind = CMD_RELOAD},
    {.json = "{\"cmd\":\"screenshot\"}", .kind = CMD_SCREENSHOT},
    {.json = "{\"cmd\":\"power\",\"on\":false}", .kind = CMD_POWER, .on = 0},
    {.json = "{\"cmd\":\"power\",\"on\":true}", .kind = CMD_POWER, .on = 1},
    {.json = "{\"cmd\":\"notice\",\"text\":{\"fr\":\"Fermé à 16 h\",\"en\":\"Closed at 4 pm\"},"
             "\"until\":\"2026-12-07T18:00\"}",
     .kind = CMD_NOTICE,
     .fr = "Fermé à 16 h",
     .en = "Closed at 4 pm",
     .until = "2026-12-07T18:00:00",
     .offset_s = NONE},
    {.json = "{\"cmd\":\"notice\",\"text\":\"Route coupée\",\"until\":\"2026-12-07T17:00:00Z\"}",
     .kind = CMD_NOTICE,
     .fr = "Route coupée",
     .until = "2026-12-07T17:00:00",
     .offset_s = 0},
    {.json =
         "{\"cmd\":\"notice\",\"text\":{\"en\":\"Closed\"},\"until\":\"2026-12-07T18:30+01:00\"}",
     .kind = CMD_NOTICE,
     .en = "Closed",
     .until = "2026-12-07T18:30:00",
     .offset_s = 3600},
    {.json = "{\"cmd\":\"notice\",\"text\":{\"fr\":\"x\"},\"until\":\"2026-12-07T18:30-0230\"}",
     .kind = CMD_NOTICE,
     .fr = "x",
     .until = "2026-12-07T18:30:00",
     .offset_s = -9000},
    {.json =
         "{\"cmd\":\"notice\",\"text\":{\"fr\":\"Toute la journée\"},\"until\":\"2026-12-07\"}",
     .kind = CMD_NOTICE,
     .fr = "Toute la journée",
     .until = "2026-12-07T23:59:59",
     .offset_s = NONE},
    {.json = "{\"cmd\":\"notice\",\"text\":{}}",
     .kind = CMD_NOTICE,
     .offset_s = NONE}, /* clears */
    {.json = "{\"cmd\":\"notice\"}", .kind = CMD_NOTICE, .offset_s = NONE},
    /* refused */
    {.json = "", .kind = -1, .error = "not a JSON object"},
    {.json = "[1]", .kind = -1, .error = "not a JSON object"},
    {.json = "{\"cmd\":\"reboot\"}", .kind = -1, .error = "\"cmd\" must be one of"},
    {.json = "{\"id\":\"x\"}", .kind = -1, .error = "\"cmd\" must be one of"},
    {.json = "{\"cmd\":\"show\"}", .kind = -1, .error = "\"show\" needs \"id\""},
    {.json = "{\"cmd\":\"show\",\"id\":\"\"}", .kind = -1, .error = "\"show\" needs \"id\""},
    {.json = "{\"cmd\":\"power\",\"on\":\"yes\"}", .kind = -1, .error = "\"on\": true or false"},
    {.json = "{\"cmd\":\"notice\",\"text\":{\"fr\":\"x\"}}",
     .kind = -1,
     .error = "\"until\" is missing"},
    {.json = "{\"cmd\":\"notice\",\"text\":{\"de\":\"x\"},\"until\":\"2026-12-07\"}",
     .kind = -1,
     "unknown language 'de'"},
    {.json = "{\"cmd\":\"notice\",\"text\":{\"fr\":3},\"until\":\"2026-12-07\"}",
     .kind = -1,
     "\"text.fr\" must be a string"},
    {.json = "{\"cmd\":\"notice\",\"text\":{\"fr\":\"x\"},\"until\":\"demain\"}",
     .kind = -1,
     .error = "\"until\":"},
    {.json = "{\"cmd\":\"notice\",\"text\":{\"fr\":\"x\"},\"until\":\"2026-12-07T18:00+1:00\"}",
     .kind = -1,
     "offset is not +HH:MM"},
    {.json = "{\"cmd\":\"notice\",\"text\":{\"fr\":\"x\"},\"until\":\"2026-13-07T18:00\"}",
     .kind = -1,
     "\"until\":"},
};

static void test_parse(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const struct row *r = &rows[i];
        struct cmd c;
        char err[300] = "";
        int rc = cmd_parse(r->json, strlen(r->json), &c, err, sizeof err);
        if (r->kind < 0) {
            if (rc == 0 || !strstr(err, r->error))
                fail_msg("row %zu %s: expected an error with '%s', got rc %d '%s'", i, r->json,
                         r->error, rc, err);
            continue;
        }
        if (rc != 0)
            fail_msg("row %zu %s: refused: %s", i, r->json, err);
        if ((int)c.kind != r->kind)
            fail_msg("row %zu: kind %s", i, cmd_name(c.kind));
        if (r->id && strcmp(c.id, r->id))
            fail_msg("row %zu: id '%s'", i, c.id);
        if (c.kind == CMD_POWER && c.on != r->on)
            fail_msg("row %zu: on %d", i, c.on);
        if (c.kind == CMD_NOTICE) {
            const char *fr = c.text[LANG_FR], *en = c.text[LANG_EN];
            if ((fr || r->fr) && (!fr || !r->fr || strcmp(fr, r->fr)))
                fail_msg("row %zu: fr '%s'", i, fr ? fr : "(none)");
            if ((en || r->en) && (!en || !r->en || strcmp(en, r->en)))
                fail_msg("row %zu: en '%s'", i, en ? en : "(none)");
            if (r->until) {
                char buf[40];
                civil_format(c.until, false, buf, sizeof buf);
                if (strcmp(buf, r->until))
                    fail_msg("row %zu: until %s, expected %s", i, buf, r->until);
                int off = c.until_has_offset ? c.until_offset_s : NONE;
                if (off != r->offset_s)
                    fail_msg("row %zu: offset %d, expected %d", i, off, r->offset_s);
            }
        }
        if (!c.json || strcmp(c.json, r->json))
            fail_msg("row %zu: the text is not kept", i);
        cmd_clear(&c);
    }
}

static void test_until_utc(void **state)
{
    (void)state;
    static const struct {
        const char *until;
        int office_offset_s;
        int64_t expect; /* UTC seconds */
    } cases[] = {
        {"2026-12-07T18:00", 3600, 1796666400 - 3600}, /* 18:00 UTC is 1796666400 */
        {"2026-12-07T18:00Z", 3600, 1796666400},
        {"2026-12-07T18:00+02:00", 3600, 1796666400 - 7200},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char json[200];
        snprintf(json, sizeof json, "{\"cmd\":\"notice\",\"text\":\"x\",\"until\":\"%s\"}",
                 cases[i].until);
        struct cmd c;
        char err[200];
        assert_int_equal(cmd_parse(json, strlen(json), &c, err, sizeof err), 0);
        int64_t t = cmd_until_utc(&c, cases[i].office_offset_s);
        if (t != cases[i].expect)
            fail_msg("case %zu %s: %lld, expected %lld", i, cases[i].until, (long long)t,
                     (long long)cases[i].expect);
        cmd_clear(&c);
    }
}

static void test_queue_order(void **state)
{
    (void)state;
    cmd_queue_t *q = cmd_create(NULL, NULL, NULL);
    assert_non_null(q);
    const char *texts[] = {"{\"cmd\":\"show\",\"id\":\"a\"}", "{\"cmd\":\"reload\"}",
                           "{\"cmd\":\"notice\",\"text\":\"x\",\"until\":\"2026-12-07\"}"};
    for (int i = 0; i < 3; i++) {
        struct cmd c;
        char err[200];
        assert_int_equal(cmd_parse(texts[i], strlen(texts[i]), &c, err, sizeof err), 0);
        cmd_push(q, &c);
        cmd_clear(&c); /* the queue keeps its own copy */
    }
    struct cmd c;
    assert_true(cmd_take(q, &c));
    assert_int_equal(c.kind, CMD_SHOW);
    assert_string_equal(c.id, "a");
    cmd_clear(&c);
    assert_true(cmd_take(q, &c));
    assert_int_equal(c.kind, CMD_RELOAD);
    cmd_clear(&c);
    /* one left: freed with the queue */
    cmd_free(q);
}

static void test_notice_feed(void **state)
{
    (void)state;
    const char *json = "{\"cmd\":\"notice\",\"text\":{\"en\":\"Closed today\",\"eu\":\"Itxita\"},"
                       "\"until\":\"2026-07-14T16:00:00Z\"}";
    struct cmd c;
    char err[200];
    assert_int_equal(cmd_parse(json, strlen(json), &c, err, sizeof err), 0);
    feed_t *f = notice_feed(&c, "Europe/Paris");
    assert_non_null(f);
    assert_int_equal(feed_count(f), 1);
    const struct item *it = feed_item(f, 0);
    assert_string_equal(it->id, NOTICE_ID);
    assert_int_equal(it->kind, KIND_NOTICE);
    assert_int_equal(it->sched.priority, PRIO_TAKEOVER);
    assert_string_equal(tr_get(&it->title, LANG_EN), "Closed today");
    assert_string_equal(tr_get(&it->title, LANG_FR), "Itxita"); /* the first given stands in */
    char buf[40];
    civil_format(it->sched.until, false, buf, sizeof buf);
    assert_string_equal(buf, "2026-07-14T18:00:00"); /* 16:00 UTC is 18:00 in Paris in July */
    feed_free(f);
    cmd_clear(&c);

    json = "{\"cmd\":\"notice\",\"text\":{}}";
    assert_int_equal(cmd_parse(json, strlen(json), &c, err, sizeof err), 0);
    assert_null(notice_feed(&c, "Europe/Paris"));
    cmd_clear(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_until_utc),
        cmocka_unit_test(test_queue_order),
        cmocka_unit_test(test_notice_feed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
