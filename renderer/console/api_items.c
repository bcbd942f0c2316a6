/* api_items — the draft's items and settings, validation, publishing and
 * history (docs/console.md, "API"). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gnutls/crypto.h>

#include "console/console_priv.h"
#include "console/draft.h"
#include "model/util.h"

/* The source label of the office's own items. */
#define OFFICE_LABEL "Office de tourisme"

/* The French text of a translatable value (a string, or {"fr": ...}). */
const char *json_fr(const cJSON *v)
{
    if (cJSON_IsString(v))
        return v->valuestring;
    if (cJSON_IsObject(v)) {
        const char *fr = json_str(v, "fr");
        if (fr)
            return fr;
        if (v->child && cJSON_IsString(v->child))
            return v->child->valuestring;
    }
    return "";
}

void content_hash(const char *data, size_t len, char out[65])
{
    unsigned char h[32];
    gnutls_hash_fast(GNUTLS_DIG_SHA256, data, len, h);
    for (int i = 0; i < 32; i++)
        sprintf(out + 2 * i, "%02x", h[i]);
}

char *item_hash(const cJSON *item)
{
    char *s = cJSON_PrintUnformatted(item);
    char h[65];
    content_hash(s, strlen(s), h);
    free(s);
    h[16] = 0;
    return xstrdup(h);
}

char *url_escape(const char *s)
{
    char *out = xmalloc(strlen(s) * 3 + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (isalnum(*p) || *p == '-' || *p == '_' || *p == '.' || *p == '~')
            *o++ = (char)*p;
        else
            o += sprintf(o, "%%%02X", *p);
    }
    *o = 0;
    return out;
}

static void today(char buf[11])
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(buf, 11, "%Y-%m-%d", &tm);
}

/* The item's first and last day as written (dates or date-times), "" when open. */
static void item_span(const cJSON *it, const char **from, const char **until)
{
    const char *kind = json_str(it, "kind");
    bool event = kind && !strcmp(kind, "event");
    *from = json_str(it, event ? "start" : "from");
    *until = json_str(it, event ? "end" : "until");
    if (event && !*until)
        *until = *from;
    if (!*from)
        *from = "";
    if (!*until)
        *until = "";
}

static const char *item_when(const char *from, const char *until, const char *day)
{
    if (until[0] && strncmp(until, day, 10) < 0)
        return "ended";
    if (from[0] && strncmp(from, day, 10) > 0)
        return "coming";
    return "today";
}

cJSON *item_summary(struct rq *q, const cJSON *it, const char *day,
                    const struct import_origin *origin)
{
    const char *source = origin ? origin->kind : NULL;
    const char *id = json_str(it, "id"), *from, *until;
    item_span(it, &from, &until);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", id ? id : "");
    cJSON_AddStringToObject(o, "kind", json_str(it, "kind") ? json_str(it, "kind") : "");
    cJSON_AddStringToObject(o, "title", json_fr(cJSON_GetObjectItemCaseSensitive(it, "title")));
    const char *partner = json_str(it, "partner");
    if (partner)
        cJSON_AddStringToObject(o, "partner", partner);
    else
        cJSON_AddNullToObject(o, "partner");
    cJSON_AddStringToObject(o, "from", from);
    cJSON_AddStringToObject(o, "until", until);
    const char *when = item_when(from, until, day);
    cJSON_AddBoolToObject(o, "on_today", !strcmp(when, "today"));
    cJSON_AddStringToObject(o, "when", when);
    cJSON_AddStringToObject(o, "source", source ? source : "feed");
    cJSON_AddStringToObject(o, "source_label", origin ? origin->label : OFFICE_LABEL);
    const char *status = json_str(it, "status");
    const cJSON *seats = cJSON_GetObjectItemCaseSensitive(it, "seats");
    if (status && strcmp(status, "scheduled"))
        cJSON_AddStringToObject(o, "status", status);
    else if (cJSON_IsNumber(seats) && seats->valueint == 0)
        cJSON_AddStringToObject(o, "status", "soldout");
    else
        cJSON_AddNullToObject(o, "status");
    const cJSON *ov = NULL, *ovs = draft_overrides(q->c->draft);
    for (const cJSON *e = ovs ? ovs->child : NULL; e && id; e = e->next)
        if (json_str(e, "id") && !strcmp(json_str(e, "id"), id))
            ov = e;
    cJSON_AddBoolToObject(o, "hidden", cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(ov, "hide")));
    const char *prio = ov ? json_str(ov, "priority") : NULL;
    cJSON_AddBoolToObject(o, "pinned", prio && !strcmp(prio, "high"));
    char *h = item_hash(it), *eid = url_escape(id ? id : "");
    char *thumb = xasprintf("/api/preview/%s.png?o=landscape&w=320&v=%s", eid, h);
    cJSON_AddStringToObject(o, "thumb", thumb);
    free(thumb);
    free(h);
    free(eid);
    cJSON_AddBoolToObject(o, "changed", source ? false : draft_item_changed(q->c->draft, it));
    return o;
}

static bool contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (!strncasecmp(hay, needle, n))
            return true;
    return n == 0;
}

struct list_filter {
    struct rq *q;
    const char *kind, *partner, *when, *text;
    char day[11];
    cJSON *arr;
};

static bool keep(const struct list_filter *lf, const cJSON *it)
{
    const char *k = json_str(it, "kind"), *p = json_str(it, "partner"), *id = json_str(it, "id");
    if (lf->kind && lf->kind[0] && (!k || strcmp(k, lf->kind)))
        return false;
    if (lf->partner && lf->partner[0] && (!p || strcmp(p, lf->partner)))
        return false;
    if (lf->text && lf->text[0] &&
        !contains_ci(json_fr(cJSON_GetObjectItemCaseSensitive(it, "title")), lf->text) &&
        !(id && contains_ci(id, lf->text)))
        return false;
    if (lf->when && lf->when[0]) {
        const char *from, *until;
        item_span(it, &from, &until);
        if (strcmp(item_when(from, until, lf->day), lf->when))
            return false;
    }
    return true;
}

/* An imported item, unless the office's feed has one of the same id
 * (which replaces it on the screen). */
static void list_imported(void *ctx, const cJSON *it, const struct import_origin *from)
{
    struct list_filter *lf = ctx;
    const char *id = json_str(it, "id");
    if (!id || draft_item(lf->q->c->draft, id) || !keep(lf, it))
        return;
    cJSON_AddItemToArray(lf->arr, item_summary(lf->q, it, lf->day, from));
}

void api_items_list(struct rq *q)
{
    draft_sync(q->c->draft);
    struct list_filter lf = {.q = q,
                             .kind = http_arg(q->r, "kind"),
                             .partner = http_arg(q->r, "partner"),
                             .when = http_arg(q->r, "when"),
                             .text = http_arg(q->r, "q")};
    if (lf.when && !strcmp(lf.when, "all"))
        lf.when = NULL;
    today(lf.day);
    cJSON *arr = lf.arr = cJSON_CreateArray();
    for (const cJSON *it = draft_items(q->c->draft)->child; it; it = it->next)
        if (keep(&lf, it))
            cJSON_AddItemToArray(arr, item_summary(q, it, lf.day, NULL));
    import_each(q->c, list_imported, &lf);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "items", arr);
    reply_json(q, 200, o);
}

static cJSON *item_reply(const cJSON *item)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "item", cJSON_Duplicate(item, true));
    return o;
}

void api_item_get(struct rq *q)
{
    draft_sync(q->c->draft);
    const cJSON *it = draft_item(q->c->draft, q->seg[0]);
    const struct import_origin *from = NULL;
    if (!it)
        it = import_item(q->c, q->seg[0], &from, NULL);
    if (!it) {
        reply_error(q, 404, "Aucune diapositive « %s »", q->seg[0]);
        return;
    }
    cJSON *o = item_reply(it);
    cJSON_AddStringToObject(o, "source", from ? from->kind : "feed");
    cJSON_AddStringToObject(o, "source_label", from ? from->label : OFFICE_LABEL);
    if (from) { /* an imported item: the office's corrections beside it */
        const cJSON *ovs = draft_overrides(q->c->draft), *mine = NULL;
        for (const cJSON *e = ovs ? ovs->child : NULL; e; e = e->next)
            if (json_str(e, "id") && !strcmp(json_str(e, "id"), q->seg[0]))
                mine = e;
        cJSON_AddItemToObject(o, "override",
                              mine ? cJSON_Duplicate(mine, true) : cJSON_CreateNull());
        cJSON_AddBoolToObject(o, "changed", false);
        cJSON_AddItemToObject(o, "errors", cJSON_CreateArray());
        reply_json(q, 200, o);
        return;
    }
    cJSON_AddBoolToObject(o, "changed", draft_item_changed(q->c->draft, it));
    cJSON_AddItemToObject(o, "errors", cJSON_CreateArray());
    reply_json(q, 200, o);
}

/* A readable id from the French title: "Fête du gâteau" gives "fete-du-gateau". */
static char *slug(const cJSON *item)
{
    const char *t = json_fr(cJSON_GetObjectItemCaseSensitive(item, "title"));
    char buf[64];
    size_t n = 0;
    bool dash = false;
    for (const unsigned char *p = (const unsigned char *)t; *p && n < 48; p++) {
        unsigned char c = *p;
        if (c == 0xc3 && p[1]) { /* Latin-1 letters: drop the accent */
            static const char map[] = "aaaaaaaceeeeiiiidnooooo/ouuuuyty";
            unsigned char d = (unsigned char)((p[1] + 0x40) | 0x20);
            if (d >= 0xe0 && d - 0xe0 < (int)sizeof map - 1)
                c = (unsigned char)map[d - 0xe0];
            p++;
        }
        if (isalnum(c)) {
            if (dash && n)
                buf[n++] = '-';
            buf[n++] = (char)tolower(c);
            dash = false;
        } else {
            dash = true;
        }
    }
    buf[n] = 0;
    return xstrdup(n ? buf : "diapo");
}

static void put_item(struct rq *q, cJSON *item, const char *replace, int status)
{
    const char *id = json_str(item, "id");
    char *nid = xstrdup(id ? id : "");
    cJSON *changes = NULL;
    cJSON *errs = draft_put(q->c->draft, item, replace, &changes);
    if (errs) {
        reply_field_errors(q, errs);
    } else {
        audit(q->c, q->se->user, replace ? "update" : "create", nid, changes);
        reply_json(q, status, item_reply(draft_item(q->c->draft, nid)));
    }
    free(nid);
}

void api_item_create(struct rq *q)
{
    cJSON *item = body_json(q);
    if (!item)
        return;
    draft_sync(q->c->draft);
    const char *id = json_str(item, "id");
    if (!id || !id[0]) {
        char *s = slug(item);
        char *nid = draft_item(q->c->draft, s) ? draft_new_id(q->c->draft, s) : xstrdup(s);
        cJSON_DeleteItemFromObjectCaseSensitive(item, "id");
        /* id after kind, as in the feed format */
        cJSON *idv = cJSON_CreateString(nid);
        cJSON *kind = cJSON_GetObjectItemCaseSensitive(item, "kind");
        if (kind && kind->next) {
            idv->string = xstrdup("id");
            idv->next = kind->next;
            idv->prev = kind;
            kind->next->prev = idv;
            kind->next = idv;
        } else {
            cJSON_AddItemToObject(item, "id", idv);
        }
        free(s);
        free(nid);
    } else if (draft_item(q->c->draft, id)) {
        cJSON *errs = cJSON_CreateArray();
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "field", "id");
        cJSON_AddStringToObject(e, "message",
                                "cet identifiant est déjà pris : choisissez-en un autre");
        cJSON_AddItemToArray(errs, e);
        cJSON_Delete(item);
        reply_field_errors(q, errs);
        return;
    }
    put_item(q, item, NULL, 201);
}

void api_item_put(struct rq *q)
{
    cJSON *item = body_json(q);
    if (!item)
        return;
    draft_sync(q->c->draft);
    if (!draft_item(q->c->draft, q->seg[0])) {
        cJSON_Delete(item);
        reply_error(q, 404, "Aucune diapositive « %s »", q->seg[0]);
        return;
    }
    if (!json_str(item, "id"))
        cJSON_AddStringToObject(item, "id", q->seg[0]);
    put_item(q, item, q->seg[0], 200);
}

void api_item_delete(struct rq *q)
{
    draft_sync(q->c->draft);
    cJSON *it = draft_delete(q->c->draft, q->seg[0]);
    if (!it) {
        reply_error(q, 404, "Aucune diapositive « %s »", q->seg[0]);
        return;
    }
    cJSON *ch = cJSON_CreateArray();
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "field", "");
    cJSON_AddItemToObject(e, "before", it);
    cJSON_AddNullToObject(e, "after");
    cJSON_AddItemToArray(ch, e);
    audit(q->c, q->se->user, "delete", q->seg[0], ch);
    reply_empty(q, 204);
}

void api_item_duplicate(struct rq *q)
{
    draft_sync(q->c->draft);
    const cJSON *it = draft_item(q->c->draft, q->seg[0]);
    if (!it) {
        reply_error(q, 404, "Aucune diapositive « %s »", q->seg[0]);
        return;
    }
    cJSON *copy = cJSON_Duplicate(it, true);
    char *nid = draft_new_id(q->c->draft, q->seg[0]);
    cJSON_ReplaceItemInObjectCaseSensitive(copy, "id", cJSON_CreateString(nid));
    free(nid);
    put_item(q, copy, NULL, 201);
}

void api_validate(struct rq *q)
{
    cJSON *item = body_json(q);
    if (!item)
        return;
    draft_sync(q->c->draft);
    const char *id = json_str(item, "id");
    cJSON *errs =
        draft_check_item(q->c->draft, item, id && draft_item(q->c->draft, id) ? id : NULL);
    cJSON_Delete(item);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "errors", errs);
    reply_json(q, 200, o);
}

void api_settings_get(struct rq *q)
{
    draft_sync(q->c->draft);
    reply_json(q, 200, cJSON_Duplicate(draft_settings(q->c->draft), true));
}

void api_settings_put(struct rq *q)
{
    cJSON *s = body_json(q);
    if (!s)
        return;
    draft_sync(q->c->draft);
    cJSON *changes = NULL;
    cJSON *errs = draft_put_settings(q->c->draft, s, &changes);
    if (errs) {
        reply_field_errors(q, errs);
        return;
    }
    audit(q->c, q->se->user, "settings", NULL, changes);
    reply_json(q, 200, cJSON_Duplicate(draft_settings(q->c->draft), true));
}

void api_draft(struct rq *q)
{
    reply_json(q, 200, draft_summary(q->c->draft));
}

void api_draft_discard(struct rq *q)
{
    draft_discard(q->c->draft);
    audit(q->c, q->se->user, "discard", NULL, NULL);
    reply_empty(q, 204);
}

/* When the screens will show a publish: the player reloads at once and
 * shows the change from its next slide. */
static void add_shows(cJSON *o, const feed_t *f)
{
    int dur = 10;
    if (f && feed_settings(f)->duration_ms > 0)
        dur = feed_settings(f)->duration_ms / 1000;
    time_t t = time(NULL) + dur;
    struct tm tm;
    localtime_r(&t, &tm);
    char buf[80];
    snprintf(buf, sizeof buf, "à la prochaine diapositive (vers %02d:%02d)", tm.tm_hour,
             tm.tm_min);
    cJSON_AddStringToObject(o, "shows", buf);
}

static void publish_reply(struct rq *q, int status, cJSON *out, const char *action)
{
    if (status == 200) {
        add_shows(out, draft_published_model(q->c->draft));
        cJSON *d = cJSON_CreateObject();
        cJSON_AddNumberToObject(d, "version",
                                cJSON_GetObjectItemCaseSensitive(out, "version")->valueint);
        audit(q->c, q->se->user, action, NULL, d);
    }
    reply_json(q, status, out);
}

void api_publish(struct rq *q)
{
    size_t len;
    http_body(q->r, &len);
    bool overwrite = false;
    if (len) {
        cJSON *b = body_json(q);
        if (!b)
            return;
        overwrite = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(b, "overwrite"));
        cJSON_Delete(b);
    }
    cJSON *out;
    int status = draft_publish(q->c->draft, q->se->user, overwrite, &out);
    publish_reply(q, status, out, "publish");
}

void api_history(struct rq *q)
{
    reply_json(q, 200, draft_history(q->c->draft));
}

static int version_arg(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    return *end || v <= 0 || v > 100000000 ? -1 : (int)v;
}

void api_history_diff(struct rq *q)
{
    int n = version_arg(q->seg[0]);
    const char *against = http_arg(q->r, "against");
    int m = against ? version_arg(against) : 0;
    cJSON *d = n > 0 && m >= 0 ? draft_diff(q->c->draft, n, m) : NULL;
    if (!d) {
        reply_error(q, 404, "Cette version n'existe pas (ou plus)");
        return;
    }
    reply_json(q, 200, d);
}

void api_history_restore(struct rq *q)
{
    int n = version_arg(q->seg[0]);
    if (n < 0) {
        reply_error(q, 404, "Cette version n'existe pas (ou plus)");
        return;
    }
    cJSON *out;
    int status = draft_restore(q->c->draft, n, q->se->user, &out);
    publish_reply(q, status, out, "restore");
}

void api_item_override(struct rq *q)
{
    cJSON *b = body_json(q);
    if (!b)
        return;
    draft_sync(q->c->draft);
    cJSON *changes = NULL;
    const feed_t *imported = NULL;
    import_item(q->c, q->seg[0], NULL, &imported);
    cJSON *errs = draft_override(q->c->draft, q->seg[0], b, imported, &changes);
    cJSON_Delete(b);
    if (errs) {
        reply_field_errors(q, errs);
        return;
    }
    audit(q->c, q->se->user, "override", q->seg[0], changes);
    cJSON *o = cJSON_CreateObject();
    const cJSON *ovs = draft_overrides(q->c->draft);
    cJSON *mine = NULL;
    for (const cJSON *e = ovs ? ovs->child : NULL; e; e = e->next)
        if (json_str(e, "id") && !strcmp(json_str(e, "id"), q->seg[0]))
            mine = cJSON_Duplicate(e, true);
    cJSON_AddItemToObject(o, "override", mine ? mine : cJSON_CreateNull());
    reply_json(q, 200, o);
}
