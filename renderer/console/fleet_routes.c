/* fleet_routes — every screen of the site, as the collector (fleet/collect)
 * keeps them in its SQLite database: online or not (the last will), what
 * each shows, when it was last heard of, its feed's version, its errors and
 * its last screenshot; and the commands of docs/fleet.md sent to one screen
 * or to every screen of a site over MQTT, with the collector's account (the
 * console's --fleet configuration). The console reads the database and
 * publishes; it never talks to a player directly (docs/console.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mosquitto.h>

#include "console/console_priv.h"
#include "console/draft.h"
#include "fleet/client.h"
#include "fleet/collect.h"
#include "fleet/store.h"
#include "model/civil.h"
#include "model/config.h"
#include "model/util.h"

#define NOTICE_MAX   500  /* characters of a notice typed on the page */
#define SEND_WAIT_MS 5000 /* the broker's acknowledgements, at most */

/* The site this console lists ([fleet] site of the player's configuration,
 * else of --fleet's), or NULL for every screen of the database. */
static const char *own_site(const console_t *c)
{
    const struct config *cfgs[] = {c->o.cfg, c->o.fleet_cfg};
    for (int i = 0; i < 2; i++)
        if (cfgs[i] && cfgs[i]->fleet.site && cfgs[i]->fleet.site[0])
            return cfgs[i]->fleet.site;
    return NULL;
}

static bool can_send(const console_t *c)
{
    return c->o.fleet_cfg && c->o.fleet_cfg->fleet.broker && c->o.fleet_cfg->fleet.broker[0];
}

/* The collector's database, read-only; NULL after replying when there is
 * none or it cannot be read. */
static store_t *open_db(struct rq *q)
{
    const char *path = q->c->o.fleet_db;
    if (!path || !path[0]) {
        reply_error(q, 404,
                    "Cette console ne voit pas les autres écrans : le technicien donne la base "
                    "du collecteur (vitrine console --fleet-db FICHIER)");
        return NULL;
    }
    char err[600];
    store_t *s = store_open(path, true, err, sizeof err);
    if (!s) {
        log_msg(LV_WARN, "console: fleet: %s", err);
        reply_error(q, 503,
                    "La base du collecteur %s ne peut pas être lue : vérifiez que vitrine "
                    "collect tourne",
                    path);
    }
    return s;
}

static void copy_member(cJSON *to, const cJSON *from, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(from, name);
    cJSON_AddItemToObject(to, name, v ? cJSON_Duplicate(v, true) : cJSON_CreateNull());
}

struct listing {
    struct rq *q;
    store_t *store;
    const char *site; /* NULL: every site */
    cJSON *screens;
    time_t now;
};

static void add_screen(void *ctx, const char *site, const char *screen, int online,
                       const char *status, int64_t seen)
{
    struct listing *l = ctx;
    if (l->site && strcmp(site, l->site))
        return;
    cJSON *st = status ? cJSON_Parse(status) : NULL;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "site", site);
    cJSON_AddStringToObject(o, "screen", screen);
    char *name = xasprintf("%s/%s", site, screen);
    cJSON_AddStringToObject(o, "name", name);
    free(name);
    cJSON_AddBoolToObject(o, "online", online);
    if (seen) {
        char s[UTC_STAMP_SIZE];
        utc_stamp(seen, s);
        cJSON_AddStringToObject(o, "seen", s);
        cJSON_AddNumberToObject(o, "seen_ago_s", difftime(l->now, (time_t)seen));
    } else {
        cJSON_AddNullToObject(o, "seen");
        cJSON_AddNullToObject(o, "seen_ago_s");
    }
    /* What is on screen, with the title from the console's feed when the
     * item is one of its own. */
    const cJSON *show = cJSON_GetObjectItemCaseSensitive(st, "showing");
    cJSON *showing = cJSON_AddObjectToObject(o, "showing");
    const char *id = json_str(show, "item");
    cJSON_AddStringToObject(showing, "id", id ? id : "");
    const feed_t *f = draft_published_model(l->q->c->draft);
    const struct item *it = f && id && id[0] ? feed_find(f, id) : NULL;
    const char *title = it ? tr_get(&it->title, LANG_FR) : NULL;
    cJSON_AddStringToObject(showing, "title", title ? title : "");
    copy_member(showing, show, "kind");
    copy_member(showing, show, "since");
    cJSON *feed = cJSON_AddObjectToObject(o, "feed");
    const cJSON *fd = cJSON_GetObjectItemCaseSensitive(st, "feed");
    copy_member(feed, fd, "version");
    copy_member(feed, fd, "items");
    copy_member(feed, fd, "age_s");
    const cJSON *errs = cJSON_GetObjectItemCaseSensitive(st, "errors");
    cJSON_AddItemToObject(o, "errors",
                          cJSON_IsArray(errs) ? cJSON_Duplicate(errs, true) : cJSON_CreateArray());
    static const char *const facts[] = {"vitrine",  "screen_on", "display",
                                        "uptime_s", "memory_kb", "temperature_c"};
    for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++)
        copy_member(o, st, facts[i]);
    const cJSON *sp = cJSON_GetObjectItemCaseSensitive(st, "spool");
    copy_member(o, sp, "backlog_bytes");
    int64_t shot = store_shot_time(l->store, site, screen);
    if (shot) {
        char *es = url_escape(site), *en = url_escape(screen);
        char *url = xasprintf("/api/fleet/%s/%s/screenshot.png?at=%lld", es, en, (long long)shot);
        char at[UTC_STAMP_SIZE];
        utc_stamp(shot, at);
        cJSON_AddStringToObject(o, "screenshot", url);
        cJSON_AddStringToObject(o, "screenshot_at", at);
        free(url);
        free(es);
        free(en);
    } else {
        cJSON_AddNullToObject(o, "screenshot");
        cJSON_AddNullToObject(o, "screenshot_at");
    }
    cJSON_AddItemToArray(l->screens, o);
    cJSON_Delete(st);
}

void api_fleet(struct rq *q)
{
    if (!q->c->o.fleet_db || !q->c->o.fleet_db[0]) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddBoolToObject(o, "enabled", false);
        cJSON_AddBoolToObject(o, "can_send", false);
        cJSON_AddItemToObject(o, "screens", cJSON_CreateArray());
        reply_json(q, 200, o);
        return;
    }
    store_t *s = open_db(q);
    if (!s)
        return;
    struct listing l = {.q = q,
                        .store = s,
                        .site = own_site(q->c),
                        .screens = cJSON_CreateArray(),
                        .now = time(NULL)};
    int n = store_screens(s, add_screen, &l);
    store_close(s);
    if (n < 0) {
        cJSON_Delete(l.screens);
        reply_error(q, 503,
                    "La base du collecteur %s ne peut pas être lue : est-ce bien la sienne ?",
                    q->c->o.fleet_db);
        return;
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddBoolToObject(o, "enabled", true);
    cJSON_AddBoolToObject(o, "can_send", can_send(q->c));
    cJSON_AddStringToObject(o, "site", l.site ? l.site : "");
    cJSON_AddItemToObject(o, "screens", l.screens);
    reply_json(q, 200, o);
}

void api_fleet_screenshot(struct rq *q)
{
    store_t *s = open_db(q);
    if (!s)
        return;
    size_t len = 0;
    void *png = store_shot_get(s, q->seg[0], q->seg[1], &len, NULL);
    store_close(s);
    if (!png) {
        reply_error(q, 404, "Pas encore de capture de l'écran %s/%s : demandez-en une", q->seg[0],
                    q->seg[1]);
        return;
    }
    http_add_header(q->r, "Cache-Control", "no-cache");
    http_reply_take(q->r, 200, "image/png", png, len);
}

/* The command's JSON (heap) from the page's body, or NULL with the field at
 * fault and a French message for staff in *field and err. */
static char *build_command(console_t *c, const cJSON *b, const char **field, char *err,
                           size_t errsize)
{
    const char *cmd = json_str(b, "cmd");
    cJSON *o = cJSON_CreateObject();
    *field = "cmd";
    if (!cmd) {
        snprintf(err, errsize, "Choisissez une commande");
        goto fail;
    }
    cJSON_AddStringToObject(o, "cmd", cmd);
    if (!strcmp(cmd, "show")) {
        const char *id = json_str(b, "id");
        const feed_t *f = draft_published_model(c->draft);
        *field = "id";
        if (!id || !f || !feed_find(f, id)) {
            snprintf(err, errsize, "Cette diapositive n'est pas publiée : publiez-la d'abord");
            goto fail;
        }
        cJSON_AddStringToObject(o, "id", id);
    } else if (!strcmp(cmd, "notice")) {
        const char *text = json_str(b, "text");
        const char *until = json_str(b, "until");
        cJSON *t = cJSON_AddObjectToObject(o, "text");
        *field = "text";
        if (!text) {
            snprintf(err, errsize, "Écrivez le texte de l'annonce (vide : l'annonce s'arrête)");
            goto fail;
        }
        size_t chars = 0; /* UTF-8: every byte but the continuation ones */
        for (const char *p = text; *p; p++)
            chars += ((unsigned char)*p & 0xC0) != 0x80;
        if (chars > NOTICE_MAX) {
            snprintf(err, errsize, "L'annonce est trop longue : %d caractères au plus",
                     NOTICE_MAX);
            goto fail;
        }
        if (text[0]) {
            civil_t at;
            bool date_only;
            char why[200];
            *field = "until";
            if (!until || civil_parse(until, &at, &date_only, why, sizeof why) != 0) {
                snprintf(err, errsize,
                         "Donnez la fin de l'annonce : une date et une heure, "
                         "AAAA-MM-JJTHH:MM");
                goto fail;
            }
            cJSON_AddStringToObject(t, "fr", text);
            cJSON_AddStringToObject(o, "until", until);
        }
    } else if (!strcmp(cmd, "power")) {
        const cJSON *on = cJSON_GetObjectItemCaseSensitive(b, "on");
        *field = "on";
        if (!cJSON_IsBool(on)) {
            snprintf(err, errsize, "Dites s'il faut allumer ou éteindre l'écran (on : vrai/faux)");
            goto fail;
        }
        cJSON_AddBoolToObject(o, "on", cJSON_IsTrue(on));
    } else if (strcmp(cmd, "reload") && strcmp(cmd, "screenshot")) {
        snprintf(err, errsize,
                 "« %s » n'est pas une commande : show, reload, screenshot, notice ou power", cmd);
        goto fail;
    }
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return s;
fail:
    cJSON_Delete(o);
    return NULL;
}

struct targets {
    const char *site, *screen; /* screen NULL: every screen of site */
    char **names, **topics;
    bool *online;
    size_t n;
};

static void add_target(void *ctx, const char *site, const char *screen, int online,
                       const char *status, int64_t seen)
{
    (void)status;
    (void)seen;
    struct targets *t = ctx;
    if (strcmp(site, t->site) || (t->screen && strcmp(screen, t->screen)))
        return;
    t->names = xrealloc(t->names, (t->n + 1) * sizeof *t->names);
    t->topics = xrealloc(t->topics, (t->n + 1) * sizeof *t->topics);
    t->online = xrealloc(t->online, (t->n + 1) * sizeof *t->online);
    t->names[t->n] = xasprintf("%s/%s", site, screen);
    t->topics[t->n] = fleet_topic(site, screen, "cmd");
    t->online[t->n] = online;
    t->n++;
}

/* POST /api/fleet/SITE/SCREEN/command and /api/fleet/SITE/command (every
 * screen of the site): the command in the body, sent over MQTT; the reply
 * says, for each screen, whether the broker took it and whether the screen
 * was online (an offline screen does not get it: docs/fleet.md). */
static void send_command(struct rq *q, const char *screen)
{
    console_t *c = q->c;
    const char *site = q->seg[0];
    if (!can_send(c)) {
        reply_error(q, 409,
                    "Cette console n'envoie pas de commandes aux écrans : le technicien donne "
                    "le réglage du collecteur (vitrine console --fleet FICHIER)");
        return;
    }
    const char *mine = own_site(c);
    if (mine && strcmp(site, mine)) {
        reply_error(q, 404, "Le site « %s » n'est pas celui de cette console", site);
        return;
    }
    cJSON *b = body_json(q);
    if (!b)
        return;
    const char *field;
    char err[300];
    char *json = build_command(c, b, &field, err, sizeof err);
    if (!json) {
        cJSON *errs = cJSON_CreateArray(), *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "field", field);
        cJSON_AddStringToObject(e, "message", err);
        cJSON_AddItemToArray(errs, e);
        reply_field_errors(q, errs);
        cJSON_Delete(b);
        return;
    }
    cJSON_Delete(b);
    struct targets t = {.site = site, .screen = screen};
    store_t *s = open_db(q);
    if (!s) {
        free(json);
        return;
    }
    store_screens(s, add_target, &t);
    store_close(s);
    if (!t.n) {
        if (screen)
            reply_error(q, 404, "Aucun écran « %s/%s » : le collecteur ne l'a jamais vu", site,
                        screen);
        else
            reply_error(q, 404, "Aucun écran du site « %s » : le collecteur n'en a vu aucun",
                        site);
        free(json);
        return;
    }
    bool *acked = xcalloc(t.n, sizeof *acked);
    mosquitto_lib_init();
    int rc = collect_publish(&c->o.fleet_cfg->fleet, t.topics, t.n, json, acked, SEND_WAIT_MS, err,
                             sizeof err);
    mosquitto_lib_cleanup();
    if (rc != 0)
        log_msg(LV_WARN, "console: fleet command %s: %s", json, err);
    size_t ok = 0;
    cJSON *sent = cJSON_CreateArray();
    for (size_t i = 0; i < t.n; i++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "screen", t.names[i]);
        cJSON_AddBoolToObject(e, "acked", acked[i]);
        cJSON_AddBoolToObject(e, "online", t.online[i]);
        cJSON_AddItemToArray(sent, e);
        ok += acked[i];
    }
    cJSON *d = cJSON_CreateObject();
    cJSON_AddItemToObject(d, "command", cJSON_Parse(json));
    cJSON_AddNumberToObject(d, "screens", (double)t.n);
    cJSON_AddNumberToObject(d, "acked", (double)ok);
    char *target = screen ? xasprintf("%s/%s", site, screen) : xstrdup(site);
    audit(c, q->se->user, "fleet-command", target, d);
    free(target);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddBoolToObject(o, "ok", ok == t.n);
    cJSON_AddItemToObject(o, "sent", sent);
    if (ok < t.n)
        cJSON_AddStringToObject(o, "error",
                                rc != 0 && !ok ? "Le serveur MQTT (broker) n'a pas répondu : la "
                                                 "commande n'est pas partie. Réessayez, ou "
                                                 "prévenez le technicien."
                                               : "Certains écrans n'ont pas reçu la commande.");
    reply_json(q, ok ? 200 : 502, o);
    for (size_t i = 0; i < t.n; i++) {
        free(t.names[i]);
        free(t.topics[i]);
    }
    free(t.names);
    free(t.topics);
    free(t.online);
    free(acked);
    free(json);
}

void api_fleet_command(struct rq *q)
{
    send_command(q, q->seg[1]);
}

void api_fleet_site_command(struct rq *q)
{
    send_command(q, NULL);
}
