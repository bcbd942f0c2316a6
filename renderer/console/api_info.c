/* api_info — what the screens do: the timeline of a day from sched/, the
 * local player's state (its status file and screenshot), "show it now"
 * through the player's inbox, and proof of play from the play logs. The
 * console meets the player only through these files. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "console/console_priv.h"
#include "console/problem.h"
#include "console/draft.h"
#include "model/civil.h"
#include "model/config.h"
#include "model/dropfolder.h"
#include "model/merge.h"
#include "model/overlay.h"
#include "model/util.h"
#include "sched/sched.h"

#define TIMELINE_MAX_SLOTS 20000

static const char *screen_name(const console_t *c)
{
    const struct config *cfg = c->o.cfg;
    return cfg && cfg->screen && cfg->screen[0] ? cfg->screen : "local";
}

static bool parse_day(const char *s, int *y, int *m, int *d)
{
    char extra;
    return s && strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", y, m, d, &extra) == 3 && *m >= 1 &&
           *m <= 12 && *d >= 1 && *d <= civil_month_days(*y, *m);
}

struct timeline {
    cJSON *slots;
    int n;
    const feed_t *f;
    sched_t *s;
    char *seen; /* per item: played this day */
};

static void on_slot(void *ud, time_t at, const struct sched_pick *p)
{
    struct timeline *t = ud;
    if (p->type == SLIDE_BLANK || t->n >= TIMELINE_MAX_SLOTS)
        return;
    struct civil_fields cf = civil_split(sched_civil(t->s, at));
    cJSON *o = cJSON_CreateObject();
    char hhmm[16];
    snprintf(hhmm, sizeof hhmm, "%02d:%02d:%02d", cf.hour, cf.min, cf.sec);
    cJSON_AddStringToObject(o, "at", hhmm);
    const struct item *it = p->type == SLIDE_ITEM ? p->item : NULL;
    cJSON_AddStringToObject(o, "id", it ? it->id : "");
    cJSON_AddStringToObject(o, "kind",
                            it                        ? kind_name(it->kind)
                            : p->type == SLIDE_AGENDA ? "agenda"
                                                      : "fallback");
    const char *title = it ? tr_get(&it->title, LANG_FR) : NULL;
    cJSON_AddStringToObject(o, "title", title ? title : "");
    cJSON_AddStringToObject(o, "lang", lang_code(p->lang));
    cJSON_AddNumberToObject(o, "duration_s", p->duration_ms / 1000.0);
    cJSON_AddItemToArray(t->slots, o);
    t->n++;
    if (it)
        for (size_t i = 0; i < feed_count(t->f); i++)
            if (feed_item(t->f, i) == it)
                t->seen[i] = 1;
}

/* What the screen plays, as the player's reload builds it: the configured
 * local sources in order (the console's feed as published, or its draft),
 * then the drop folder's posters, merged, with each source's overrides of
 * imported items applied. Feeds fetched over HTTP are left out. */
static feed_t *screen_feed(console_t *c, bool draft)
{
    const struct config *cfg = c->o.config ? c->o.cfg : NULL; /* sources only from -c */
    const feed_t *mine = draft ? draft_model(c->draft) : draft_published_model(c->draft);
    size_t nsrc = cfg && cfg->nsources ? (size_t)cfg->nsources : 1;
    const feed_t **feeds = xcalloc(nsrc + 1, sizeof *feeds);
    feed_t **owned = xcalloc(nsrc + 1, sizeof *owned);
    overlay_t **ovs = xcalloc(nsrc, sizeof *ovs);
    diag_t *diag = diag_create();
    char *real_mine = realpath(c->feed_path, NULL);
    for (size_t i = 0; i < nsrc; i++) {
        const char *src = cfg && cfg->nsources ? cfg->sources[i] : c->feed_path;
        if (config_is_url(src))
            continue;
        char *real = realpath(src, NULL);
        bool is_mine = !cfg || !cfg->nsources || (real && real_mine && !strcmp(real, real_mine));
        free(real);
        if (is_mine) {
            feeds[i] = mine;
        } else {
            owned[i] = feed_load(src, diag);
            feeds[i] = owned[i];
        }
        ovs[i] =
            is_mine && draft ? draft_overlay(c) : overlay_load(is_mine ? c->feed_path : src, diag);
    }
    free(real_mine);
    if (c->o.drop && c->o.drop[0]) {
        drop_t *dr = drop_create(c->o.drop, cfg ? cfg->screen : NULL);
        int64_t now = wall_ms();
        bool pending;
        feed_free(drop_scan(dr, now, &pending, diag));
        owned[nsrc] = drop_scan(dr, now + DROP_SETTLE_MS + 1000, &pending, diag);
        feeds[nsrc] = owned[nsrc];
        drop_free(dr);
    }
    feed_t *merged = merge_feeds(feeds, nsrc + 1, NULL, NULL, diag);
    for (size_t i = 0; i < nsrc; i++) {
        if (!ovs[i] || !overlay_count(ovs[i]))
            continue;
        feed_t *o = overlay_apply(merged, NULL, ovs[i], diag);
        if (o) {
            feed_free(merged);
            merged = o;
        }
    }
    for (size_t i = 0; i <= nsrc; i++)
        feed_free(owned[i]);
    for (size_t i = 0; i < nsrc; i++)
        overlay_free(ovs[i]);
    free(owned);
    free(ovs);
    free(feeds);
    diag_free(diag);
    return merged;
}

void api_timeline(struct rq *q)
{
    int y, m, d;
    const char *day = http_arg(q->r, "day");
    char today[11];
    if (!day) {
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        strftime(today, sizeof today, "%Y-%m-%d", &tm);
        day = today;
    }
    if (!parse_day(day, &y, &m, &d)) {
        reply_error(q, 400, "day s'écrit AAAA-MM-JJ");
        return;
    }
    draft_sync(q->c->draft);
    const char *which = http_arg(q->r, "draft");
    feed_t *f = screen_feed(q->c, which && !strcmp(which, "1"));
    const char *screen = http_arg(q->r, "screen");
    struct sched_config cfg = console_sched_config(q->c, screen);
    sched_t *s = sched_create(&cfg);
    if (!s) {
        feed_free(f);
        reply_error(q, 500, "Fuseau horaire inconnu dans les réglages");
        return;
    }
    sched_set_feed(s, f);
    sched_trust_clock(s, true); /* any day may be asked, also a past one */
    time_t from = sched_instant(s, civil_make(y, m, d, 0, 0, 0));
    time_t to = sched_instant(s, civil_make(y, m, d, 0, 0, 0) + 86400);
    struct timeline t = {.slots = cJSON_CreateArray(), .f = f, .s = s};
    t.seen = xcalloc(feed_count(f) + 1, 1);
    sched_simulate(s, from, to, on_slot, &t);
    cJSON *hidden = cJSON_CreateArray();
    time_t noon = sched_instant(s, civil_make(y, m, d, 12, 0, 0));
    for (size_t i = 0; i < feed_count(f); i++) {
        const struct item *it = feed_item(f, i);
        if (t.seen[i] || it->kind == KIND_TICKER)
            continue;
        struct sched_why w;
        bool not = sched_why(s, it, noon, &w);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", it->id);
        const char *title = tr_get(&it->title, LANG_FR);
        cJSON_AddStringToObject(o, "title", title ? title : "");
        cJSON_AddStringToObject(o, "code", not ? w.code : "no_room");
        char *reason = problem_why_fr(not ? &w : NULL, it);
        cJSON_AddStringToObject(o, "reason", reason);
        free(reason);
        cJSON_AddItemToArray(hidden, o);
    }
    free(t.seen);
    sched_free(s);
    feed_free(f);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "day", day);
    cJSON_AddStringToObject(o, "screen", cfg.screen ? cfg.screen : screen_name(q->c));
    cJSON_AddItemToObject(o, "slots", t.slots);
    cJSON_AddItemToObject(o, "hidden", hidden);
    reply_json(q, 200, o);
}

static char *state_file(const console_t *c, const char *name)
{
    return xasprintf("%s/%s", c->o.state, name);
}

void api_screens(struct rq *q)
{
    char *sp = state_file(q->c, "status.json");
    size_t len;
    char *text = read_file(sp, 1u << 20, &len);
    cJSON *st = text ? cJSON_ParseWithLength(text, len) : NULL;
    free(text);
    free(sp);
    cJSON *o = cJSON_CreateObject();
    const char *name = screen_name(q->c);
    cJSON_AddStringToObject(o, "name", name);
    cJSON *problems = cJSON_CreateArray();
    time_t now = time(NULL);
    const cJSON *written = cJSON_GetObjectItemCaseSensitive(st, "written_unix");
    double age = cJSON_IsNumber(written) ? difftime(now, (time_t)written->valuedouble) : -1;
    bool running = st && age >= 0 && age < 120;
    if (!st) {
        cJSON_AddItemToArray(problems, cJSON_CreateString("Le lecteur n'a encore rien écrit : "
                                                          "est-il démarré ?"));
    } else if (!running) {
        char buf[120];
        snprintf(buf, sizeof buf, "Le lecteur ne répond plus depuis %d min", (int)(age / 60));
        cJSON_AddItemToArray(problems, cJSON_CreateString(buf));
    }
    cJSON_AddBoolToObject(o, "running", running);
    const cJSON *show = cJSON_GetObjectItemCaseSensitive(st, "showing");
    cJSON *showing = cJSON_CreateObject();
    const char *id = show ? json_str(show, "item") : NULL;
    cJSON_AddStringToObject(showing, "id", id ? id : "");
    const feed_t *f = draft_published_model(q->c->draft);
    const struct item *it = f && id && id[0] ? feed_find(f, id) : NULL;
    const char *title = it ? tr_get(&it->title, LANG_FR) : NULL;
    cJSON_AddStringToObject(showing, "title", title ? title : "");
    const char *kind = show ? json_str(show, "kind") : NULL;
    cJSON_AddStringToObject(showing, "kind", kind ? kind : "");
    cJSON_AddItemToObject(o, "showing", showing);
    cJSON_AddNullToObject(o, "next");
    const cJSON *feed = cJSON_GetObjectItemCaseSensitive(st, "feed");
    const cJSON *reload = cJSON_GetObjectItemCaseSensitive(feed, "last_reload_unix");
    if (cJSON_IsNumber(reload) && reload->valuedouble > 0)
        cJSON_AddNumberToObject(o, "feed_age_s", difftime(now, (time_t)reload->valuedouble));
    else
        cJSON_AddNullToObject(o, "feed_age_s");
    const cJSON *srcs = cJSON_GetObjectItemCaseSensitive(st, "sources");
    for (const cJSON *s = srcs ? srcs->child : NULL; s; s = s->next) {
        const char *e = json_str(s, "last_error");
        if (e) {
            char *msg =
                xasprintf("%s : %s", json_str(s, "source") ? json_str(s, "source") : "", e);
            cJSON_AddItemToArray(problems, cJSON_CreateString(msg));
            free(msg);
        }
    }
    cJSON_AddItemToObject(o, "problems", problems);
    char *e = url_escape(name);
    char *shot = xasprintf("/api/screens/%s/screenshot.png", e);
    cJSON_AddStringToObject(o, "screenshot", shot);
    free(shot);
    free(e);
    cJSON_Delete(st);
    cJSON *list = cJSON_CreateArray();
    cJSON_AddItemToArray(list, o);
    cJSON *out = cJSON_CreateObject();
    cJSON_AddItemToObject(out, "screens", list);
    reply_json(q, 200, out);
}

void api_screenshot(struct rq *q)
{
    if (strcmp(q->seg[0], screen_name(q->c))) {
        reply_error(q, 404, "Aucun écran « %s »", q->seg[0]);
        return;
    }
    char *p = state_file(q->c, "screenshot.png");
    int fd = open(p, O_RDONLY | O_CLOEXEC);
    free(p);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        reply_error(q, 404, "Le lecteur n'a pas encore fait de capture d'écran");
        return;
    }
    http_add_header(q->r, "Cache-Control", "no-cache");
    http_reply_fd(q->r, 200, "image/png", fd, (uint64_t)st.st_size);
}

/* Writes {"cmd":"show","id":ID} into the player's inbox: a dot file first,
 * renamed, so the player never reads half a command. */
void api_show(struct rq *q)
{
    if (strcmp(q->seg[0], screen_name(q->c))) {
        reply_error(q, 404, "Aucun écran « %s »", q->seg[0]);
        return;
    }
    cJSON *b = body_json(q);
    if (!b)
        return;
    const char *id = json_str(b, "id");
    const feed_t *f = draft_published_model(q->c->draft);
    if (!id || !f || !feed_find(f, id)) {
        reply_error(q, 422, "Cette diapositive n'est pas publiée : publiez-la d'abord");
        cJSON_Delete(b);
        return;
    }
    char *inbox = state_file(q->c, "inbox");
    mkdir(q->c->o.state, 0755);
    mkdir(inbox, 0755);
    unsigned char rnd[6];
    if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd)
        memset(rnd, 0, sizeof rnd);
    char name[64];
    snprintf(name, sizeof name, "show-%lld-%02x%02x%02x%02x%02x%02x", (long long)time(NULL),
             rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5]);
    char *tmp = xasprintf("%s/.%s.tmp", inbox, name), *dest = xasprintf("%s/%s.json", inbox, name);
    cJSON *cmd = cJSON_CreateObject();
    cJSON_AddStringToObject(cmd, "cmd", "show");
    cJSON_AddStringToObject(cmd, "id", id);
    char *text = cJSON_PrintUnformatted(cmd);
    cJSON_Delete(cmd);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    size_t n = strlen(text);
    bool ok = fd >= 0 && write(fd, text, n) == (ssize_t)n && fsync(fd) == 0;
    if (fd >= 0 && close(fd) != 0)
        ok = false;
    ok = ok && rename(tmp, dest) == 0;
    if (!ok) {
        unlink(tmp);
        reply_error(q, 500, "La commande n'a pas pu être déposée dans %s", inbox);
    } else {
        cJSON *d = cJSON_CreateObject();
        cJSON_AddStringToObject(d, "screen", q->seg[0]);
        audit(q->c, q->se->user, "show", id, d);
        reply_empty(q, 202);
    }
    free(text);
    free(tmp);
    free(dest);
    free(inbox);
    cJSON_Delete(b);
}

/* ---- proof of play ---- */

void api_partners(struct rq *q)
{
    const feed_t *f = draft_published_model(q->c->draft);
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; f && i < feed_count(f); i++) {
        const char *p = feed_item(f, i)->partner;
        if (!p || !p[0])
            continue;
        bool dup = false;
        for (const cJSON *e = arr->child; e && !dup; e = e->next)
            dup = !strcmp(json_str(e, "id"), p);
        if (dup)
            continue;
        const struct item *named = feed_find(f, p);
        const char *name = named ? tr_get(&named->title, LANG_FR) : NULL;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", p);
        cJSON_AddStringToObject(o, "name", name ? name : p);
        cJSON_AddItemToArray(arr, o);
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "partners", arr);
    reply_json(q, 200, o);
}

/* Adds plays and seconds to the row keyed name in arr (created). */
static void tally(cJSON *arr, const char *keyname, const char *key, double secs)
{
    cJSON *row = NULL;
    for (cJSON *e = arr->child; e && !row; e = e->next)
        if (!strcmp(json_str(e, keyname), key))
            row = e;
    if (!row) {
        row = cJSON_CreateObject();
        cJSON_AddStringToObject(row, keyname, key);
        cJSON_AddNumberToObject(row, "plays", 0);
        cJSON_AddNumberToObject(row, "seconds", 0);
        cJSON_AddItemToArray(arr, row);
    }
    cJSON *p = cJSON_GetObjectItemCaseSensitive(row, "plays");
    cJSON *s = cJSON_GetObjectItemCaseSensitive(row, "seconds");
    cJSON_SetNumberValue(p, p->valuedouble + 1);
    cJSON_SetNumberValue(s, s->valuedouble + secs);
}

static int by_key(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void csv_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        /* A leading = + - @ would be a formula in a spreadsheet. */
        if (strchr("=+-@", s[0]) && s[0])
            fputc('\'', f);
        fputs(s, f);
        return;
    }
    fputc('"', f);
    if (strchr("=+-@", s[0]) && s[0])
        fputc('\'', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

void api_plays(struct rq *q)
{
    const char *partner = http_arg(q->r, "partner"), *from = http_arg(q->r, "from"),
               *to = http_arg(q->r, "to"), *screen = http_arg(q->r, "screen"),
               *format = http_arg(q->r, "format");
    int y, m, d;
    if ((from && !parse_day(from, &y, &m, &d)) || (to && !parse_day(to, &y, &m, &d))) {
        reply_error(q, 400, "from et to s'écrivent AAAA-MM-JJ");
        return;
    }
    bool csv = format && !strcmp(format, "csv");
    const feed_t *f = draft_published_model(q->c->draft);
    cJSON *screens = cJSON_CreateArray(), *days = cJSON_CreateArray(),
          *items = cJSON_CreateArray();
    double plays = 0, secs = 0;
    char *buf = NULL;
    size_t blen = 0;
    FILE *out = csv ? open_memstream(&buf, &blen) : NULL;
    if (out)
        fputs("day,screen,partner,id,title,seconds\n", out);
    DIR *dir = opendir(q->c->o.state);
    char **names = NULL;
    size_t nn = 0;
    struct dirent *e;
    while (dir && (e = readdir(dir))) {
        if (str_starts(e->d_name, "playlog-") && str_ends(e->d_name, ".jsonl")) {
            names = xrealloc(names, (nn + 1) * sizeof *names);
            names[nn++] = xstrdup(e->d_name);
        }
    }
    if (dir)
        closedir(dir);
    if (nn)
        qsort(names, nn, sizeof *names, by_key);
    for (size_t k = 0; k < nn; k++) {
        char *path = xasprintf("%s/%s", q->c->o.state, names[k]);
        FILE *lf = fopen(path, "r");
        free(path);
        char line[2048];
        while (lf && fgets(line, sizeof line, lf)) {
            cJSON *o = cJSON_Parse(line);
            const char *start = json_str(o, "start"), *id = json_str(o, "id"),
                       *p = json_str(o, "partner"), *sc = json_str(o, "screen");
            const cJSON *dur = cJSON_GetObjectItemCaseSensitive(o, "duration");
            char day[11];
            if (!start || strlen(start) < 10 || !cJSON_IsNumber(dur) || !id) {
                cJSON_Delete(o);
                continue; /* a torn or foreign line */
            }
            memcpy(day, start, 10);
            day[10] = 0;
            bool keep = (!partner || !partner[0] || (p && !strcmp(p, partner))) &&
                        (!screen || !screen[0] || (sc && !strcmp(sc, screen))) &&
                        (!from || strcmp(day, from) >= 0) && (!to || strcmp(day, to) <= 0);
            if (keep) {
                double s = dur->valuedouble;
                plays++;
                secs += s;
                tally(screens, "name", sc ? sc : screen_name(q->c), s);
                tally(days, "day", day, s);
                tally(items, "id", id, s);
                if (out) {
                    const struct item *it = f && id[0] ? feed_find(f, id) : NULL;
                    const char *title = it ? tr_get(&it->title, LANG_FR) : NULL;
                    csv_field(out, day);
                    fputc(',', out);
                    csv_field(out, sc ? sc : screen_name(q->c));
                    fputc(',', out);
                    csv_field(out, p ? p : "");
                    fputc(',', out);
                    csv_field(out, id);
                    fputc(',', out);
                    csv_field(out, title ? title : "");
                    fprintf(out, ",%.1f\n", s);
                }
            }
            cJSON_Delete(o);
        }
        if (lf)
            fclose(lf);
        free(names[k]);
    }
    free(names);
    if (out) {
        fclose(out);
        cJSON_Delete(screens);
        cJSON_Delete(days);
        cJSON_Delete(items);
        http_add_header(q->r, "Content-Disposition", "attachment; filename=\"diffusions.csv\"");
        http_add_header(q->r, "Cache-Control", "no-store");
        http_reply_take(q->r, 200, "text/csv; charset=utf-8", buf, blen);
        return;
    }
    for (cJSON *it = items->child; it; it = it->next) {
        const char *id = json_str(it, "id");
        const struct item *fi = f && id[0] ? feed_find(f, id) : NULL;
        const char *title = fi ? tr_get(&fi->title, LANG_FR) : NULL;
        cJSON_AddStringToObject(it, "title", title ? title : id);
        char *e2 = url_escape(id);
        char *thumb = xasprintf("/api/preview/%s.png?o=landscape&w=320", e2);
        cJSON_AddStringToObject(it, "thumb", thumb);
        free(thumb);
        free(e2);
    }
    cJSON *o = cJSON_CreateObject();
    if (partner)
        cJSON_AddStringToObject(o, "partner", partner);
    else
        cJSON_AddNullToObject(o, "partner");
    if (from)
        cJSON_AddStringToObject(o, "from", from);
    else
        cJSON_AddNullToObject(o, "from");
    if (to)
        cJSON_AddStringToObject(o, "to", to);
    else
        cJSON_AddNullToObject(o, "to");
    cJSON *total = cJSON_AddObjectToObject(o, "total");
    cJSON_AddNumberToObject(total, "plays", plays);
    cJSON_AddNumberToObject(total, "seconds", secs);
    cJSON_AddItemToObject(o, "screens", screens);
    cJSON_AddItemToObject(o, "days", days);
    cJSON_AddItemToObject(o, "items", items);
    reply_json(q, 200, o);
}
