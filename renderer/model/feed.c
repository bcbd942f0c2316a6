/* feed — a loaded feed: lookup, loading by format, and the canonical dump. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/feed_priv.h"
#include "model/util.h"

/* The settings a feed has when it says nothing (see docs/feed-format.md). */
static const struct feed_settings default_settings = {
    .office = {{"Office de Tourisme", NULL, NULL, NULL}},
    .logo = NULL,
    .has_hours = false,
    .languages = {LANG_FR},
    .nlanguages = 1,
    .timezone = FEED_DEFAULT_TIMEZONE,
    .duration_ms = 10000,
    .promo_days = 30,
    .sold_out = SOLDOUT_BAND,
    .hide_closed = false,
    .agenda_days = 7,
    .generated = CIVIL_NONE,
};

feed_t *feed_alloc(const char *name, const char *base_dir)
{
    arena_t *a = arena_create();
    feed_t *f = arena_alloc(a, sizeof(*f));
    f->arena = a;
    f->settings = default_settings;
    f->name = arena_strdup(a, name ? name : "feed");
    f->dir = arena_strdup(a, base_dir && *base_dir ? base_dir : ".");
    return f;
}

feed_t *feed_create_empty(void)
{
    return feed_alloc("(empty)", NULL);
}

void feed_free(feed_t *f)
{
    if (!f)
        return;
    free(f->items);
    free(f->index);
    arena_free(f->arena);
}

size_t feed_count(const feed_t *f)
{
    return f->nitems;
}

const struct item *feed_item(const feed_t *f, size_t i)
{
    return i < f->nitems ? f->items[i] : NULL;
}

const struct feed_settings *feed_settings(const feed_t *f)
{
    return &f->settings;
}

const char *feed_dir(const feed_t *f)
{
    return f->dir;
}

static size_t id_hash(const char *s)
{
    size_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

void feed_build_index(feed_t *f)
{
    size_t cap = 16;
    while (cap < f->nitems * 2)
        cap *= 2;
    free(f->index);
    f->index = xcalloc(cap, sizeof(*f->index));
    f->index_cap = cap;
    for (size_t i = 0; i < f->nitems; i++) {
        size_t h = id_hash(f->items[i]->id) & (cap - 1);
        while (f->index[h] && strcmp(f->index[h]->id, f->items[i]->id) != 0)
            h = (h + 1) & (cap - 1);
        if (!f->index[h])
            f->index[h] = f->items[i];
    }
}

const struct item *feed_find(const feed_t *f, const char *id)
{
    if (!f->index_cap || !id)
        return NULL;
    size_t h = id_hash(id) & (f->index_cap - 1);
    while (f->index[h]) {
        if (strcmp(f->index[h]->id, id) == 0)
            return f->index[h];
        h = (h + 1) & (f->index_cap - 1);
    }
    return NULL;
}

feed_t *feed_load_mem(const char *buf, size_t len, const char *name, const char *base_dir,
                      diag_t *diag)
{
    if (!name)
        name = "feed";
    if (len > FEED_MAX_BYTES) {
        diag_add(diag, name, 0,
                 "the feed is %zu bytes, more than the limit of %u MiB; "
                 "split it or remove old items",
                 len, FEED_MAX_BYTES >> 20);
        return NULL;
    }
    size_t i = 0;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    int line = 1;
    while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
        line += buf[i++] == '\n';
    if (i == len) {
        diag_add(diag, name, 1,
                 "the file is empty: a feed starts with <feed version=\"1\"> "
                 "(XML) or {\"version\": 1, ...} (JSON)");
        return NULL;
    }
    fb_t *b = fb_create(name, base_dir, diag);
    if (buf[i] == '<') {
        feed_xml_fill(b, buf, len);
    } else if (buf[i] == '{' || buf[i] == '[') {
        feed_json_fill(b, buf, len);
    } else {
        fb_error(b, line,
                 "this is neither an XML feed (starting with <) nor a JSON feed "
                 "(starting with {); check that it is the right file");
        fb_abort(b);
        return NULL;
    }
    return fb_finish(b);
}

feed_t *feed_load(const char *path, diag_t *diag)
{
    size_t len = 0;
    char *buf = read_file(path, FEED_MAX_BYTES, &len);
    if (!buf) {
        if (errno == EFBIG)
            diag_add(diag, path, 0,
                     "the feed is larger than the limit of %u MiB; split it "
                     "or remove old items",
                     FEED_MAX_BYTES >> 20);
        else
            diag_add(diag, path, 0, "cannot read the file: %s", strerror(errno));
        return NULL;
    }
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    else
        strcpy(dir, ".");
    feed_t *f = feed_load_mem(buf, len, path, dir, diag);
    free(dir);
    free(buf);
    return f;
}

/* ---- canonical dump ---- */

static void put_str(FILE *out, const char *s)
{
    if (!s) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", out);
            break;
        case '\\':
            fputs("\\\\", out);
            break;
        case '\n':
            fputs("\\n", out);
            break;
        case '\t':
            fputs("\\t", out);
            break;
        case '\r':
            fputs("\\r", out);
            break;
        default:
            if (*p < 0x20)
                fprintf(out, "\\u%04x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

static void put_tr(FILE *out, const tr_text *t)
{
    if (tr_empty(t)) {
        fputs("null", out);
        return;
    }
    fputc('{', out);
    int n = 0;
    for (int l = 0; l < LANG_COUNT; l++) {
        if (!t->s[l])
            continue;
        fprintf(out, "%s\"%s\": ", n++ ? ", " : "", lang_code((enum lang)l));
        put_str(out, t->s[l]);
    }
    fputc('}', out);
}

/* A fixed-point number with up to `decimals` digits, trailing zeros dropped. */
static void put_fixed(FILE *out, long long v, int decimals)
{
    long long unit = decimals == 3 ? 1000 : 100;
    if (v < 0) {
        fputc('-', out);
        v = -v;
    }
    fprintf(out, "%lld", v / unit);
    long long frac = v % unit;
    if (frac) {
        char digits[8];
        snprintf(digits, sizeof digits, "%0*lld", decimals, frac);
        for (int i = decimals - 1; i > 0 && digits[i] == '0'; i--)
            digits[i] = '\0';
        fprintf(out, ".%s", digits);
    }
}

static void put_date(FILE *out, civil_t t, bool date_only)
{
    if (t == CIVIL_NONE) {
        fputs("null", out);
        return;
    }
    char buf[40];
    civil_format(t, date_only, buf, sizeof buf);
    put_str(out, buf);
}

static void put_hours(FILE *out, const struct week_hours *h, bool has)
{
    if (!has) {
        fputs("null", out);
        return;
    }
    char buf[512];
    hours_format(h, buf, sizeof buf);
    put_str(out, buf);
}

#define KEY(name) fprintf(out, ",\n%s\"%s\": ", ind, name)

static void dump_settings(const struct feed_settings *s, FILE *out)
{
    const char *ind = "    ";
    fprintf(out, "  \"settings\": {\n%s\"office\": ", ind);
    put_tr(out, &s->office);
    KEY("logo");
    put_str(out, s->logo);
    KEY("hours");
    put_hours(out, &s->hours, s->has_hours);
    KEY("languages");
    char langs[32] = "";
    for (int i = 0; i < s->nlanguages; i++) {
        if (i)
            strcat(langs, " ");
        strcat(langs, lang_code(s->languages[i]));
    }
    put_str(out, langs);
    KEY("timezone");
    put_str(out, s->timezone);
    KEY("duration");
    put_fixed(out, s->duration_ms, 3);
    KEY("promo_days");
    fprintf(out, "%d", s->promo_days);
    KEY("sold_out");
    put_str(out, s->sold_out == SOLDOUT_HIDE ? "hide" : "band");
    KEY("hide_closed");
    fputs(s->hide_closed ? "true" : "false", out);
    KEY("agenda_days");
    fprintf(out, "%d", s->agenda_days);
    KEY("generated");
    put_date(out, s->generated, false);
    fputs("\n  }", out);
}

static void dump_prices(const struct item *it, FILE *out)
{
    fputc('[', out);
    for (int i = 0; i < it->nprices; i++) {
        fputs(i ? ", {\"amount\": " : "{\"amount\": ", out);
        put_fixed(out, it->prices[i].cents, 2);
        fputs(", \"label\": ", out);
        put_tr(out, &it->prices[i].label);
        fputc('}', out);
    }
    fputc(']', out);
}

static void dump_item(const struct item *it, FILE *out)
{
    static const char *const transitions[] = {NULL, "cut", "fade", "push", "wipe"};
    static const char *const holidays[] = {"any", "only", "except"};
    static const char *const priorities[] = {"normal", "high", "takeover"};
    const char *ind = "      ";
    const struct schedule *s = &it->sched;
    char buf[256];

    fprintf(out, "    {\n%s\"kind\": ", ind);
    put_str(out, kind_name(it->kind));
    KEY("id");
    put_str(out, it->id);
    KEY("title");
    put_tr(out, &it->title);
    KEY("subtitle");
    put_tr(out, &it->subtitle);
    KEY("body");
    put_tr(out, &it->body);
    KEY("image");
    put_str(out, it->image);
    KEY("url");
    put_str(out, it->url);
    KEY("partner");
    put_str(out, it->partner);
    KEY("transition");
    put_str(out, transitions[it->transition]);
    KEY("from");
    put_date(out, s->from, s->from_date_only);
    KEY("until");
    put_date(out, s->until, s->until_date_only);
    KEY("days");
    days_format(s->days, buf, sizeof buf);
    put_str(out, buf);
    KEY("hours");
    if (s->nwindows) {
        windows_format(s->windows, s->nwindows, buf, sizeof buf);
        put_str(out, buf);
    } else {
        fputs("null", out);
    }
    KEY("holidays");
    put_str(out, holidays[s->holidays]);
    KEY("priority");
    put_str(out, priorities[s->priority]);
    KEY("weight");
    fprintf(out, "%d", s->weight);
    KEY("duration");
    if (s->duration_ms)
        put_fixed(out, s->duration_ms, 3);
    else
        fputs("null", out);
    KEY("screens");
    if (s->nscreens) {
        fputc('"', out);
        for (int i = 0; i < s->nscreens; i++)
            fprintf(out, "%s%s", i ? " " : "", s->screens[i]);
        fputc('"', out);
    } else {
        fputs("null", out);
    }
    switch (it->kind) {
    case KIND_PROVIDER:
    case KIND_PLACE:
        KEY("category");
        put_tr(out, &it->category);
        KEY("address");
        put_str(out, it->address);
        KEY("phone");
        put_str(out, it->phone);
        KEY("opening");
        put_hours(out, it->opening, it->opening != NULL);
        break;
    case KIND_EVENT:
        KEY("start");
        put_date(out, it->start, it->start_date_only);
        KEY("end");
        put_date(out, it->end, it->end_date_only);
        KEY("venue");
        put_tr(out, &it->venue);
        KEY("organiser");
        put_str(out, it->organiser);
        KEY("free");
        fputs(it->free < 0 ? "null" : it->free ? "true" : "false", out);
        KEY("status");
        fputs(it->status == EVENT_CANCELLED   ? "\"cancelled\""
              : it->status == EVENT_POSTPONED ? "\"postponed\""
                                              : "\"scheduled\"",
              out);
        KEY("prices");
        dump_prices(it, out);
        break;
    case KIND_TICKET:
        KEY("prices");
        dump_prices(it, out);
        KEY("seats");
        if (it->seats < 0)
            fputs("null", out);
        else
            fprintf(out, "%d", it->seats);
        KEY("sale_until");
        put_date(out, it->sale_until, it->sale_until_date_only);
        KEY("event");
        put_str(out, it->event);
        break;
    default:
        break;
    }
    fputs("\n    }", out);
}

int feed_dump(const feed_t *f, FILE *out)
{
    fputs("{\n  \"version\": 1,\n", out);
    dump_settings(&f->settings, out);
    fputs(",\n  \"items\": [", out);
    for (size_t i = 0; i < f->nitems; i++) {
        fputs(i ? ",\n" : "\n", out);
        dump_item(f->items[i], out);
    }
    fputs(f->nitems ? "\n  ]\n}\n" : "]\n}\n", out);
    return ferror(out) || fflush(out) ? -1 : 0;
}
