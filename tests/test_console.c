/* Table-driven tests for the console's pure parts: account names, login
 * throttling (the clock passed in), sessions and their CSRF tokens, the
 * page table's MIME types and public paths, and the draft's checks, whose
 * messages must come back attached to the right field. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "console/auth.h"
#include "console/draft.h"
#include "console/pcache.h"
#include "console/problem.h"
#include "console/session.h"
#include "console/www.h"
#include "model/feed.h"
#include "model/util.h"
#include "sched/sched.h"

static void test_names(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        bool ok;
    } rows[] = {
        {"anne", true},
        {"anne.dupont", true},
        {"a-b_c9", true},
        {"", false},
        {"../etc", false},
        {"anne dupont", false},
        {"é", false},
        {"a:b", false},
        {"a\nb", false},
        {"0123456789012345678901234567890123456789012345678901234567890123", true},
        {"01234567890123456789012345678901234567890123456789012345678901234", false},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char err[200];
        if (auth_name_ok(rows[i].name, err, sizeof err) != rows[i].ok)
            fail_msg("row %zu '%s': expected %s", i, rows[i].name, rows[i].ok ? "ok" : "refused");
    }
}

static void test_throttle(void **state)
{
    (void)state;
    char err[200];
    auth_t *a = auth_load("/nonexistent/accounts", err, sizeof err);
    assert_non_null(a);
    /* rows: what happens, then the wait expected for (address, account) */
    static const struct {
        const char *addr, *user;
        int failures; /* failed logins recorded before asking */
        int64_t at;   /* when asking (seconds) */
        int wait;     /* expected wait */
    } rows[] = {
        {"10.0.0.1", "anne", 0, 0, 0},
        {"10.0.0.1", "anne", AUTH_FREE_TRIES_ACCOUNT - 1, 0, 0},
        {"10.0.0.1", "anne", 1, 0, 15}, /* the 5th failure: wait 15 s */
        {"10.0.0.1", "anne", 1, 0, 30}, /* then 30 */
        {"10.0.0.1", "anne", 0, 30, 0}, /* ... which has passed at 30 s */
        {"10.0.0.2", "anne", 0, 1, 29}, /* the account waits from any address */
        {"10.0.0.1", "bob", 0, 1, 0},   /* another account from the same address does not */
        {"10.0.0.1", "anne", 20, 10, AUTH_MAX_WAIT_S},
        {"10.0.0.1", "anne", 0, 10 + AUTH_FORGET_S + 1, 0}, /* forgotten after an hour */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        for (int k = 0; k < rows[i].failures; k++)
            auth_throttle_record(a, rows[i].addr, rows[i].user, false, rows[i].at);
        int w = auth_throttle_wait(a, rows[i].addr, rows[i].user, rows[i].at);
        if (w != rows[i].wait)
            fail_msg("row %zu: wait %d, expected %d", i, w, rows[i].wait);
    }
    /* An address trying many accounts is throttled as an address. */
    for (int k = 0; k < AUTH_FREE_TRIES_ADDRESS; k++) {
        char u[16];
        snprintf(u, sizeof u, "u%d", k);
        auth_throttle_record(a, "10.9.9.9", u, false, 5000);
    }
    assert_int_equal(auth_throttle_wait(a, "10.9.9.9", "new", 5000), AUTH_FIRST_WAIT_S);
    auth_free(a);
}

static void test_accounts(void **state)
{
    (void)state;
    setenv("VITRINE_CONSOLE_TEST_CHEAP_HASH", "1", 1);
    char dir[] = "/tmp/vitrine-console-XXXXXX", err[200];
    assert_non_null(mkdtemp(dir));
    char *path = xasprintf("%s/accounts", dir);
    auth_t *a = auth_load(path, err, sizeof err);
    assert_int_equal(auth_set(a, "anne", "court", err, sizeof err), -1); /* too short */
    assert_int_equal(auth_set(a, "anne", "un bon mot de passe", err, sizeof err), 0);
    auth_free(a);
    a = auth_load(path, err, sizeof err);
    assert_int_equal(auth_count(a), 1);
    assert_true(auth_verify(a, "anne", "un bon mot de passe"));
    assert_false(auth_verify(a, "anne", "un autre"));
    assert_false(auth_verify(a, "bob", "un bon mot de passe"));
    assert_int_equal(auth_remove(a, "bob", err, sizeof err), 1);
    assert_int_equal(auth_remove(a, "anne", err, sizeof err), 0);
    assert_int_equal(auth_count(a), 0);
    auth_free(a);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    unlink(path);
    rmdir(dir);
    free(path);
}

static void test_sessions(void **state)
{
    (void)state;
    sessions_t *s = sessions_create(60);
    const struct session *a = session_open(s, "anne", 100);
    assert_non_null(a);
    assert_int_equal(strlen(a->token), SESSION_TOKEN_LEN);
    char tok[SESSION_TOKEN_LEN + 1], csrf[SESSION_CSRF_LEN + 1];
    strcpy(tok, a->token);
    strcpy(csrf, a->csrf);
    static const struct {
        const char *token;
        int64_t at;
        bool found;
    } rows[] = {
        {NULL, 110, true}, /* NULL: the real token */
        {"", 110, false},   {"00", 110, false},
        {NULL, 169, true},                      /* used at 110: alive until 170 */
        {NULL, 230, false}, {NULL, 231, false}, /* gone for good */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const struct session *se =
            session_find(s, rows[i].token ? rows[i].token : tok, rows[i].at);
        if ((se != NULL) != rows[i].found)
            fail_msg("row %zu: %s", i, se ? "found" : "not found");
        if (se) {
            assert_true(session_csrf_ok(se, csrf));
            assert_false(session_csrf_ok(se, "forged"));
            assert_false(session_csrf_ok(se, NULL));
        }
    }
    const struct session *b = session_open(s, "bob", 300);
    const struct session *b2 = session_open(s, "bob", 300);
    char keep[SESSION_TOKEN_LEN + 1], drop[SESSION_TOKEN_LEN + 1];
    strcpy(keep, b->token);
    strcpy(drop, b2->token);
    assert_string_not_equal(keep, drop);
    session_close_user(s, "bob", keep);
    assert_non_null(session_find(s, keep, 301));
    assert_null(session_find(s, drop, 301));
    session_close(s, keep);
    assert_null(session_find(s, keep, 301));
    sessions_free(s);
}

static void test_www(void **state)
{
    (void)state;
    static const struct {
        const char *path, *mime;
        bool public_;
    } rows[] = {
        {"/login.html", "text/html; charset=utf-8", true},
        {"/index.html", "text/html; charset=utf-8", false},
        {"/edit.html", "text/html; charset=utf-8", false},
        {"/css/console.css", "text/css; charset=utf-8", true},
        {"/js/app.js", "text/javascript; charset=utf-8", true},
        {"/i18n/fr.json", "application/json; charset=utf-8", true},
        {"/secret.bin", "application/octet-stream", false},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        if (strcmp(www_mime(rows[i].path), rows[i].mime))
            fail_msg("row %zu %s: mime %s", i, rows[i].path, www_mime(rows[i].path));
        if (www_public(rows[i].path) != rows[i].public_)
            fail_msg("row %zu %s: public %d", i, rows[i].path, www_public(rows[i].path));
    }
    assert_null(www_find("/../Makefile"));
    assert_null(www_find("/css/..\\x"));
    assert_null(www_find("no-slash"));
}

static void test_field_errors(void **state)
{
    (void)state;
    char dir[] = "/tmp/vitrine-draft-XXXXXX", err[200];
    assert_non_null(mkdtemp(dir));
    char *feed = xasprintf("%s/feed.json", dir), *data = xasprintf("%s/data", dir);
    FILE *f = fopen(feed, "w");
    fputs("{\"version\":1,\"items\":[{\"kind\":\"event\",\"id\":\"fete\",\"title\":\"Fête\","
          "\"start\":\"2026-07-14T21:00\"}]}\n",
          f);
    fclose(f);
    mkdir(data, 0700);
    draft_t *d = draft_open(feed, dir, data, 100, err, sizeof err);
    assert_non_null(d);
    static const struct {
        const char *item;
        const char *field; /* of the first problem; NULL: none */
        const char *code;  /* its code */
        const char *words; /* in its message, French */
    } rows[] = {
        {"{\"kind\":\"notice\",\"id\":\"n\",\"title\":\"Bonjour\"}", NULL, NULL, NULL},
        {"{\"kind\":\"event\",\"id\":\"e\",\"title\":\"x\",\"start\":\"2026-13-01\"}", "start",
         "date", "« 2026-13-01 » n’est pas une date"},
        {"{\"kind\":\"event\",\"id\":\"e\",\"title\":{\"fr\":\"x\",\"xx\":\"y\"},"
         "\"start\":\"2026-07-01\"}",
         "title.xx", "lang", "La langue « xx »"},
        {"{\"kind\":\"ticket\",\"id\":\"t\",\"title\":\"x\",\"prices\":[{\"amount\":\"abc\"}]}",
         "prices.0.amount", "price_invalid", "Le prix « abc »"},
        {"{\"kind\":\"ticket\",\"id\":\"t\",\"title\":\"x\",\"prices\":[{\"amount\":\"7,50\"}]}",
         "prices.0.amount", "price_comma", "point et non une virgule"},
        {"{\"kind\":\"notice\",\"id\":\"n\",\"title\":\"x\",\"weight\":\"lots\"}", "weight",
         "int_range", "nombre entier de 1 à 100"},
        {"{\"kind\":\"notice\",\"id\":\"n\",\"title\":\"x\",\"days\":\"Mo-Zz\"}", "days", "days",
         "cochez les jours"},
        {"{\"kind\":\"event\",\"id\":\"fete\",\"title\":\"x\",\"start\":\"2026-07-01\"}", "id",
         "id_taken", "« fete » est déjà pris"}, /* a second 'fete' */
        {"{\"kind\":\"nothing\",\"id\":\"n\"}", "kind", "kind", "Choisissez le type"},
        {"{\"kind\":\"notice\",\"id\":\"n\",\"title\":\"x\",\"image\":\"../../etc/passwd\"}",
         "image", "path_outside", "hors du dossier"},
        {"{\"kind\":\"notice\",\"id\":\"n\"}", "title.fr", "title_missing",
         "Le titre en français manque"},
        {"{\"kind\":\"notice\",\"id\":\"n\",\"title\":{\"en\":\"Hello\"}}", "title.fr",
         "no_french", "version française"},
        {"{\"kind\":\"event\",\"id\":\"e\",\"title\":\"x\"}", "start", "start_missing",
         "La date de début manque"},
        {"{\"kind\":\"event\",\"id\":\"e\",\"title\":\"x\",\"start\":\"2026-07-10\","
         "\"end\":\"2026-07-01\"}",
         "end", "end_before_start",
         "La date de fin est avant la date de début : corrigez l’une des deux."},
        {"{\"kind\":\"notice\",\"id\":\"n\",\"title\":\"x\",\"from\":\"2026-07-10\","
         "\"until\":\"2026-07-01\"}",
         "until", "until_before_from", "ne passerait jamais"},
        {"{\"kind\":\"ticket\",\"id\":\"t\",\"title\":\"x\",\"event\":\"nope\"}", "event",
         "ticket_event_missing", "« nope » n’existe pas"},
        {"{\"kind\":\"poster\",\"id\":\"p\"}", "image", "poster_no_image", "ajoutez la photo"},
        {"{\"kind\":\"notice\",\"id\":\"n\",\"title\":\"x\",\"url\":\"www.example.org\"}", "url",
         "url", "n’est pas une adresse web"},
        {"{\"kind\":\"notice\",\"id\":\"n\",\"title\":\"x\",\"priority\":\"urgent\"}", "priority",
         "choice", "« urgent » n’est pas un choix possible"},
        {"{\"kind\":\"notice\",\"id\":\"n\",\"title\":\"x\",\"hours\":\"9h-12h\"}", "hours",
         "hours", "09:00-12:00"},
        {"{\"kind\":\"notice\",\"id\":\"n\",\"title\":\"x\",\"start\":\"2026-07-01\"}", "start",
         "field_not_for_kind", "ne sert pas pour ce type"},
        {"{\"kind\":\"notice\",\"id\":\"n\",\"title\":\"x\",\"duration\":0}", "duration",
         "duration", "entre 1 et 3600"},
        {"{\"kind\":\"notice\",\"id\":\"n\",\"title\":\"x\",\"after_hours\":\"oui\"}",
         "after_hours", "type_bool", "oui ou non"},
        {"{\"kind\":\"notice\",\"id\":\"n\",\"title\":\"x\",\"weight\":[1]}", "weight",
         "type_number", "un nombre"},
        {"{\"kind\":\"notice\",\"id\":\"n\",\"title\":\"x\",\"subtitle\":\" \"}", "subtitle.fr",
         "empty", "Ce champ est vide"},
        {"{\"kind\":\"notice\",\"id\":\"n\",\"title\":\"x\",\"partner\":\"Hôtel\"}", "partner",
         "ref", "« Hôtel » ne convient pas"},
        {"{\"kind\":\"notice\",\"id\":\"n\",\"title\":\"x\",\"screens\":\"hall/2\"}", "screens",
         "screen_tag", "« hall/2 »"},
        {"{\"kind\":\"event\",\"id\":\"e\",\"title\":\"x\",\"start\":\"2026-07-01\","
         "\"prices\":[{\"amount\":5,\"label\":{\"en\":\"Adult\"}}]}",
         "prices.0.label.fr", "no_french", "version française"},
        {"{\"kind\":\"notice\",\"id\":\"Fête\",\"title\":\"x\"}", "id", "id_invalid",
         "au plus 64 caractères"},
        {"{\"kind\":\"notice\",\"id\":\"n\",\"title\":\"x\",\"focus\":\"haut\"}", "focus", "focus",
         "« haut » ne se lit pas"},
        {"[1]", "", "not_object", "objet JSON"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        cJSON *it = cJSON_Parse(rows[i].item);
        assert_non_null(it);
        cJSON *errs = draft_check_item(d, it, NULL);
        const cJSON *e0 = cJSON_GetArrayItem(errs, 0);
        const char *field = e0 ? cJSON_GetObjectItem(e0, "field")->valuestring : NULL;
        const char *code = e0 ? cJSON_GetObjectItem(e0, "code")->valuestring : "";
        const char *msg = e0 ? cJSON_GetObjectItem(e0, "message")->valuestring : "";
        if (!rows[i].field && field)
            fail_msg("row %zu: unexpected problem on '%s': %s", i, field, msg);
        if (rows[i].field && (!field || (rows[i].field[0] && strcmp(field, rows[i].field))))
            fail_msg("row %zu: expected a problem on '%s', got '%s': %s", i, rows[i].field,
                     field ? field : "(none)", msg);
        if (rows[i].code && strcmp(code, rows[i].code))
            fail_msg("row %zu: expected code '%s', got '%s': %s", i, rows[i].code, code, msg);
        if (rows[i].words && !strstr(msg, rows[i].words))
            fail_msg("row %zu: '%s' does not say '%s'", i, msg, rows[i].words);
        cJSON_Delete(errs);
        cJSON_Delete(it);
    }
    draft_free(d);
    char *cmd = xasprintf("rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(feed);
    free(data);
}

/* English that would give away a technician's message shown to staff. */
static const char *english_in(const char *fr)
{
    static const char *const words[] = {" the ", " is ", " must ", " give ", " use ",  " check ",
                                        " not ", " or ", " and ",  " of ",   "remove", "field"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strstr(fr, words[i]))
            return words[i];
    return NULL;
}

/* Every code the loader and the scheduler give has its French words, with
 * no English and no placeholder left unfilled. */
static void test_problem_words(void **state)
{
    (void)state;
    for (int code = FP_NONE + 1; code < FP_COUNT; code++) {
        const char *name = feed_problem_name(code);
        if (!name)
            fail_msg("feed problem %d has no name", code);
        if (!problem_words(name))
            fail_msg("feed problem '%s' has no French words", name);
        struct diag_info info = {.code = code, .value = "x", .min = 1, .max = 9};
        char *fr = problem_feed_fr(&info);
        if (english_in(fr))
            fail_msg("feed problem '%s': English '%s' in '%s'", name, english_in(fr), fr);
        if (strchr(fr, '{') && code != FP_NONE && !strstr(fr, "{...}"))
            fail_msg("feed problem '%s': a placeholder is left in '%s'", name, fr);
        free(fr);
    }
    /* a long value is cut short on a character boundary */
    struct diag_info longv = {
        .code = FP_URL, .value = "ééééééééééééééééééééééééééééééééééééééééééééééééééééééééé"};
    char *cut = problem_feed_fr(&longv);
    assert_non_null(strstr(cut, "éé…"));
    assert_null(strstr(cut, "ééééééééééééééééééééééééééééééééé"));
    free(cut);
    char *other = problem_feed_fr(NULL);
    assert_string_equal(other, problem_words("other"));
    free(other);
    struct item it = {.id = "x"};
    const char *screens[] = {"hall", "thermes"};
    struct time_window tw = {600, 720};
    it.sched.screens = screens;
    it.sched.nscreens = 2;
    it.sched.windows = &tw;
    it.sched.nwindows = 1;
    for (size_t i = 0; sched_why_codes[i]; i++) {
        char code[64];
        snprintf(code, sizeof code, "why.%s", sched_why_codes[i]);
        if (!problem_words(code))
            fail_msg("reason '%s' has no French words", code);
        struct sched_why w = {.code = sched_why_codes[i],
                              .when = civil_make(2026, 11, 5, 0, 0, 0),
                              .date_only = true,
                              .wday = 1,
                              .holiday = "Armistice"};
        char *fr = problem_why_fr(&w, &it);
        if (english_in(fr) || strchr(fr, '{'))
            fail_msg("reason '%s': '%s' is not all French words", code, fr);
        free(fr);
    }
    /* rows: what staff read for a few reasons */
    static const struct {
        const char *code;
        const char *words;
    } rows[] = {
        {"promo_not_yet", "La promotion commence le jeudi 5"},
        {"day", "Ne passe pas le mardi."},
        {"screen", "Réservée à d’autres écrans (hall, thermes)."},
        {"window", "Hors de ses heures de diffusion (de 10"},
        {NULL, "Pas de place dans la rotation"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct sched_why w = {.code = rows[i].code,
                              .when = civil_make(2026, 11, 5, 0, 0, 0),
                              .date_only = true,
                              .wday = 1};
        char *fr = problem_why_fr(rows[i].code ? &w : NULL, &it);
        if (!strstr(fr, rows[i].words))
            fail_msg("row %zu: '%s' does not say '%s'", i, fr, rows[i].words);
        free(fr);
    }
}

/* Writes a cache file of size bytes, last used age seconds before now. */
static void cache_file(const char *dir, const char *name, size_t size, time_t now, time_t age)
{
    char *p = xasprintf("%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    for (size_t i = 0; i < size; i++)
        fputc('x', f);
    fclose(f);
    struct timespec t[2] = {{now - age, 0}, {now - age, 0}};
    assert_int_equal(utimensat(AT_FDCWD, p, t, 0), 0);
    free(p);
}

static bool cache_has(const char *dir, const char *name)
{
    char *p = xasprintf("%s/%s", dir, name);
    bool ok = access(p, F_OK) == 0;
    free(p);
    return ok;
}

/* The preview cache: a newer version replaces the older, and pruning drops
 * the previews of items gone, those unused too long, then the least used
 * beyond the bounds. */
static void test_preview_cache(void **state)
{
    (void)state;
    time_t now = 2000000000;
    static const struct {
        const char *id, *opts, *ver;
        size_t size;
        time_t age;
        bool kept; /* after the prune below */
    } rows[] = {
        {"fete", "lfr320", "aa", 100, 60, true},           /* alive, fresh */
        {"fete", "pfr0", "aa", 100, 120, true},            /* alive, another size */
        {"gone", "lfr320", "aa", 100, 7200, false},        /* item gone */
        {"typed", "lfr320", "aa", 100, 60, true},          /* not saved yet: grace */
        {"marche", "lfr320", "aa", 100, 3 * 86400, false}, /* unused 3 days */
        {"bal", "len0", "aa", 100, 3600, false},           /* least used: over 4 files */
        {"concert", "leu0", "aa", 100, 1800, true},
    };
    char dir[] = "/tmp/vitrine-pcache-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *alive[4];
    const char *ids[] = {"fete", "marche", "bal", "concert"};
    for (int i = 0; i < 4; i++) {
        alive[i] = xmalloc(PCACHE_ITEM_HEX + 1);
        pcache_item_hex(ids[i], alive[i]);
    }
    pcache_sort(alive, 4);
    char *names[sizeof rows / sizeof rows[0]];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        names[i] = pcache_name(rows[i].id, rows[i].opts, rows[i].ver);
        cache_file(dir, names[i], rows[i].size, now, rows[i].age);
    }
    cache_file(dir, ".tmp-old", 10, now, 7200);
    cache_file(dir, "notes.txt", 10, now, 7 * 86400);
    struct pcache_limits lim = {.max_files = 4, .max_bytes = 1000, .max_age = 2 * 86400};
    assert_int_equal(pcache_prune(dir, &lim, now, alive, 4), 4);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (cache_has(dir, names[i]) != rows[i].kept)
            fail_msg("row %zu (%s %s): expected %s", i, rows[i].id, rows[i].opts,
                     rows[i].kept ? "kept" : "removed");
    assert_false(cache_has(dir, ".tmp-old"));
    assert_true(cache_has(dir, "notes.txt")); /* not ours */
    /* bytes: 4 files of 100 bytes, at most 250 */
    lim.max_bytes = 250;
    assert_int_equal(pcache_prune(dir, &lim, now, alive, 4), 2);
    assert_true(cache_has(dir, names[0])); /* the most recently used stay */
    assert_true(cache_has(dir, names[3]));
    /* a new version of fete in lfr320 replaces the old one only */
    char *v2 = pcache_name("fete", "lfr320", "bb");
    char *other = pcache_name("fete", "lfr32", "aa"); /* another width, same prefix */
    cache_file(dir, v2, 10, now, 0);
    cache_file(dir, other, 10, now, 0);
    pcache_replaced(dir, v2);
    assert_false(cache_has(dir, names[0]));
    assert_true(cache_has(dir, v2));
    assert_true(cache_has(dir, other));
    free(v2);
    free(other);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        free(names[i]);
    for (int i = 0; i < 4; i++)
        free(alive[i]);
    char *cmd = xasprintf("rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),         cmocka_unit_test(test_throttle),
        cmocka_unit_test(test_accounts),      cmocka_unit_test(test_sessions),
        cmocka_unit_test(test_www),           cmocka_unit_test(test_field_errors),
        cmocka_unit_test(test_problem_words), cmocka_unit_test(test_preview_cache),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
