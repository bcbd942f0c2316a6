/* feed — a loaded feed: its defaults, lookup, and the canonical dump. The
 * loaders are behind feed_load.c, so that code that only reads a feed (the
 * scheduler) links without them. */
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
    .duration_ms = FEED_DEFAULT_DURATION_MS,
    .promo_days = 30,
    .sold_out = SOLDOUT_BAND,
    .hide_closed = false,
    .agenda_days = 7,
    .generated = CIVIL_NONE,
};

void feed_default_settings(struct feed_settings *out)
{
    *out = default_settings;
}

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

size_t feed_memory(const feed_t *f)
{
    return arena_used(f->arena) + f->nitems * sizeof(*f->items) + f->index_cap * sizeof(*f->index);
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
    KEY("website");
    put_str(out, s->website);
    KEY("agenda_url");
    put_str(out, s->agenda_url);
    KEY("booking_url");
    put_str(out, s->booking_url);
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
    if (it->alt && it->alt->has_focus) { /* only then: other dumps stay as they were */
        char fb[64];
        snprintf(fb, sizeof fb, "%.3g,%.3g", it->alt->focus_x, it->alt->focus_y);
        KEY("focus");
        put_str(out, fb);
    }
    if (it->video) { /* only then: dumps of feeds without films stay as they were */
        KEY("video");
        put_str(out, it->video);
        KEY("loops");
        fprintf(out, "%d", it->loops > 1 ? it->loops : 1);
    }
    KEY("url");
    put_str(out, it->url);
    KEY("partner");
    put_str(out, it->partner);
    KEY("transition");
    put_str(out, it->transition == TRANS_DEFAULT ? NULL : transition_name(it->transition));
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
    put_str(out, holiday_rule_name(s->holidays));
    KEY("priority");
    put_str(out, priority_name(s->priority));
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
    KEY("after_hours");
    fputs(s->after_hours ? "true" : "false", out);
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
        put_str(out, event_status_name(it->status));
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

/* Two running hashes of the bytes written (FNV-1a and a multiply-xor),
 * and their count. */
struct digest {
    uint64_t a, b, n;
};

static ssize_t digest_write(void *cookie, const char *buf, size_t size)
{
    struct digest *d = cookie;
    for (size_t i = 0; i < size; i++) {
        unsigned char c = (unsigned char)buf[i];
        d->a = (d->a ^ c) * 0x100000001b3ull;
        d->b = (d->b * 0x9e3779b97f4a7c15ull) ^ (c + d->n);
        d->n++;
    }
    return (ssize_t)size;
}

int feed_digest(const feed_t *f, struct feed_digest *out)
{
    struct digest d = {0xcbf29ce484222325ull, 0x2545f4914f6cdd1dull, 0};
    cookie_io_functions_t io = {.write = digest_write};
    FILE *m = fopencookie(&d, "w", io);
    if (!m)
        return -1;
    int rc = feed_dump(f, m);
    if (fclose(m) != 0)
        rc = -1;
    *out = (struct feed_digest){{d.a, d.b ^ d.n}};
    return rc;
}
