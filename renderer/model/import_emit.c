/* import_emit — a draft object to a feed item, the same for the three SIT
 * mappers (docs/importers.md, "The common mapping"): ids sanitised, later
 * copies replacing earlier ones, duplicates left out, the period in force
 * picked, texts cleaned and cut, prices folded into a summary. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/import_priv.h"
#include "model/locale.h"
#include "model/util.h"

/* Long descriptions are cut at a word boundary: a slide is read from 3 m. */
#define BODY_MAX 420

/* Copies s into the arena with line ends tidied: \r\n and \r become \n,
 * blank runs collapse, and leading/trailing blanks go. */
static char *tidy(arena_t *a, const char *s, size_t max)
{
    size_t n = strlen(s);
    char *out = arena_alloc(a, n + 4);
    size_t o = 0;
    int nl = 0;
    bool sp = false;
    for (const char *p = s; *p; p++) {
        char c = *p;
        if (c == '\r') {
            if (p[1] == '\n')
                continue;
            c = '\n';
        }
        if (c == '\n') {
            nl++;
            sp = false;
            continue;
        }
        if (c == ' ' || c == '\t') {
            sp = true;
            continue;
        }
        if (o > 0) {
            if (nl)
                out[o++] = '\n';
            else if (sp)
                out[o++] = ' ';
        }
        nl = 0;
        sp = false;
        out[o++] = c;
    }
    out[o] = '\0';
    if (max && o > max) {
        /* Cut at the last sentence end, else at the last space, and mark it. */
        size_t cut = 0;
        for (size_t i = max / 2; i < max; i++)
            if ((out[i] == '.' || out[i] == '!' || out[i] == '?') && out[i + 1] == ' ')
                cut = i + 1;
        if (cut) {
            out[cut] = '\0';
        } else {
            cut = max;
            while (cut > 0 && out[cut] != ' ')
                cut--;
            if (cut == 0)
                cut = max;
            while (cut > 0 && ((unsigned char)out[cut] & 0xc0) == 0x80)
                cut--;                            /* never split a UTF-8 sequence */
            memcpy(out + cut, "\xe2\x80\xa6", 4); /* … */
        }
    }
    return out;
}

/* The item status and the locale's word for each marker (one term per
 * concept per language lives in locale.c). */
static const struct {
    enum event_status status;
    enum loc_key word;
} status_of[] = {
    [ST_NONE] = {EVENT_SCHEDULED, LOC_COUNT},
    [ST_CANCELLED] = {EVENT_CANCELLED, LOC_CANCELLED},
    [ST_POSTPONED] = {EVENT_POSTPONED, LOC_POSTPONED},
    [ST_SOLDOUT] = {EVENT_SOLD_OUT, LOC_SOLD_OUT},
    [ST_SUSPENDED] = {EVENT_SUSPENDED, LOC_SUSPENDED},
};

/* Ids are letters, digits, '-', '_' and '.', at most 64 (docs/feed-format.md). */
static void sanitise_id(const char *in, char *out, size_t size)
{
    size_t o = 0;
    bool dash = false;
    for (const char *p = in; *p && o + 1 < size && o < 64; p++) {
        unsigned char c = (unsigned char)*p;
        if (isalnum(c) || c == '_' || c == '.' || c == '-') {
            out[o++] = (char)c;
            dash = c == '-';
        } else if (!dash && o > 0) {
            out[o++] = '-';
            dash = true;
        }
    }
    while (o > 0 && out[o - 1] == '-')
        o--;
    out[o] = '\0';
}

static size_t id_hash(const char *s)
{
    size_t h = 5381;
    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h;
}

/* Keys already imported (ids, and the signatures that find duplicates):
 * open addressing, cap a power of two kept at most half full, so that a
 * 5,000-object export stays linear. */
static struct item *table_find(const struct imp_table *t, const char *key)
{
    if (!t->cap)
        return NULL;
    for (size_t h = id_hash(key) & (t->cap - 1); t->v[h].id; h = (h + 1) & (t->cap - 1))
        if (strcmp(t->v[h].id, key) == 0)
            return t->v[h].it;
    return NULL;
}

static void table_add(struct imp_table *t, const char *key, struct item *it)
{
    if (2 * (t->n + 1) > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        struct imp_seen *old = t->v;
        size_t oldcap = t->cap;
        t->v = xcalloc(cap, sizeof *t->v);
        t->cap = cap;
        for (size_t i = 0; i < oldcap; i++) {
            if (!old[i].id)
                continue;
            size_t h = id_hash(old[i].id) & (cap - 1);
            while (t->v[h].id)
                h = (h + 1) & (cap - 1);
            t->v[h] = old[i];
        }
        free(old);
    }
    size_t h = id_hash(key) & (t->cap - 1);
    while (t->v[h].id)
        h = (h + 1) & (t->cap - 1);
    t->v[h] = (struct imp_seen){key, it};
    t->n++;
}

static struct item *seen_find(struct importer *im, const char *id)
{
    return table_find(&im->seen, id);
}

static void seen_add(struct importer *im, struct item *it)
{
    table_add(&im->seen, it->id, it);
}

bool imp_known(struct importer *im, const char *raw_id)
{
    char id[80];
    sanitise_id(raw_id, id, sizeof id);
    return *id && seen_find(im, id) != NULL;
}

/* What makes two objects the same slide: kind, title (case and spaces
 * folded) and start. In the arena, for the table. */
static const char *signature(struct importer *im, const struct imp_period *per)
{
    struct imp_draft *d = &im->d;
    const char *t = d->title.s[LANG_FR];
    for (int l = 1; !t && l < LANG_COUNT; l++)
        t = d->title.s[l];
    char buf[320];
    size_t o = (size_t)snprintf(buf, sizeof buf, "%d|%lld|", (int)d->kind,
                                (long long)(d->kind == KIND_EVENT ? per->start : 0));
    bool sp = false;
    for (const char *p = t ? t : ""; *p && o + 2 < sizeof buf; p++) {
        if (isspace((unsigned char)*p)) {
            sp = true;
            continue;
        }
        if (sp && o > 0)
            buf[o++] = ' ';
        sp = false;
        buf[o++] = (char)tolower((unsigned char)*p);
    }
    buf[o] = '\0';
    return arena_strdup(fb_arena(im->b), buf);
}

static int cmp_period(const void *a, const void *b)
{
    const struct imp_period *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

static civil_t period_end(const struct imp_period *p)
{
    civil_t e = p->end != CIVIL_NONE ? p->end : p->start;
    bool date_only = p->end != CIVIL_NONE ? p->end_date_only : p->start_date_only;
    return date_only ? e - e % 86400 + 86399 : e;
}

/* Merges periods that touch (a run of single days is one exhibition), then
 * picks the first that has not ended at ref, else the last one. */
static bool pick_period(struct importer *im, struct imp_period *out)
{
    struct imp_draft *d = &im->d;
    if (d->nperiods == 0)
        return false;
    qsort(d->periods, (size_t)d->nperiods, sizeof *d->periods, cmp_period);
    int n = 0;
    for (int i = 0; i < d->nperiods; i++) {
        struct imp_period p = d->periods[i];
        if (n > 0) {
            struct imp_period *q = &d->periods[n - 1];
            bool dates = q->start_date_only && p.start_date_only &&
                         (q->end == CIVIL_NONE || q->end_date_only) &&
                         (p.end == CIVIL_NONE || p.end_date_only);
            if (dates && p.start <= period_end(q) + 1) {
                civil_t pe = p.end != CIVIL_NONE ? p.end : p.start;
                civil_t qe = q->end != CIVIL_NONE ? q->end : q->start;
                if (pe > qe) {
                    q->end = pe;
                    q->end_date_only = true;
                }
                continue;
            }
        }
        d->periods[n++] = p;
    }
    d->nperiods = n;
    for (int i = 0; i < n; i++) {
        if (period_end(&d->periods[i]) >= im->ref) {
            *out = d->periods[i];
            return true;
        }
    }
    *out = d->periods[n - 1];
    im->st.past++;
    return true;
}

static void fmt_amount(double v, char *buf, size_t size, bool en)
{
    long cents = lround(v * 100);
    if (cents % 100 == 0)
        snprintf(buf, size, "%ld", cents / 100);
    else
        snprintf(buf, size, en ? "%ld.%02ld" : "%ld,%02ld", cents / 100, cents % 100);
}

/* The draft's prices folded into one summary in every language, worded by
 * the locale: "De 9 à 15,50 €", "À partir de 20 €", "Gratuit". A single
 * amount is a provider's lowest price ("À partir de"), an event's price
 * (exact). Leaves out untouched when there is no price. */
static void price_summary(struct importer *im, tr_text *out, bool exact)
{
    struct imp_draft *d = &im->d;
    arena_t *a = fb_arena(im->b);
    double lo = -1, hi = -1;
    for (int i = 0; i < d->nprices; i++) {
        double mn = d->prices[i].min, mx = d->prices[i].max > 0 ? d->prices[i].max : mn;
        if (lo < 0 || mn < lo)
            lo = mn;
        if (mx > hi)
            hi = mx;
    }
    if (!(d->free == 1 && lo <= 0) && (lo < 0 || hi <= 0))
        return;
    int lc = d->free == 1 && lo <= 0 ? 0 : (int)lround(lo * 100);
    int hc = d->free == 1 && lo <= 0 ? 0 : (int)lround(hi * 100);
    char buf[96];
    for (int l = 0; l < LANG_COUNT; l++) {
        loc_price_range(lc, hc == lc && !exact ? -1 : hc, (enum lang)l, buf, sizeof buf);
        out->s[l] = arena_strdup(a, buf);
    }
}

/* The language a text of t really is in: the French slot may hold another
 * language's text standing in for it (ensure_french). */
static enum lang text_lang(const tr_text *t, int l)
{
    for (int k = 1; l == LANG_FR && k < LANG_COUNT; k++)
        if (t->s[k] && t->s[k] == t->s[LANG_FR])
            return (enum lang)k;
    return (enum lang)l;
}

/* Cleaned (import_clean.c, names as ref writes them) and tidied into the
 * arena. */
static char *clean_ref(arena_t *a, const char *s, enum lang l, size_t max, const char *ref)
{
    char *c = imp_clean_text(s, l, ref);
    char *t = tidy(a, c, max);
    free(c);
    return t;
}

static char *clean(arena_t *a, const char *s, enum lang l, size_t max)
{
    char *c = imp_clean_text(s, l, NULL);
    char *t = tidy(a, c, max);
    free(c);
    return t;
}

static void copy_text(arena_t *a, tr_text *dst, const tr_text *src, size_t max)
{
    for (int l = 0; l < LANG_COUNT; l++)
        dst->s[l] = src->s[l] ? clean(a, src->s[l], text_lang(src, l), max) : NULL;
}

/* The French value is the reference: when the source has none, the first
 * language it has stands in. */
static void ensure_french(tr_text *t)
{
    for (int l = 1; !t->s[LANG_FR] && l < LANG_COUNT; l++)
        t->s[LANG_FR] = t->s[l];
}

static void fill_item(struct importer *im, struct item *it, const struct imp_period *per)
{
    struct imp_draft *d = &im->d;
    arena_t *a = fb_arena(im->b);
    char buf[1024];

    /* Title, with any status marker moved out of it. */
    ensure_french(&d->title);
    enum imp_status st = d->status;
    for (int l = 0; l < LANG_COUNT; l++) {
        if (!d->title.s[l])
            continue;
        enum imp_status ts = imp_marker(d->title.s[l], buf, sizeof buf);
        if (ts != ST_NONE && st == ST_NONE)
            st = ts;
        const char *ref = d->body.s[l] ? d->body.s[l] : d->longbody.s[l];
        char *t = clean_ref(a, buf, text_lang(&d->title, l), 0, ref);
        if (ts != ST_NONE) /* "Annulé : concert" leaves "concert" */
            loc_capitalize(t);
        it->title.s[l] = t;
    }
    /* Body: the short description, else the long one, cut. */
    ensure_french(&d->body);
    ensure_french(&d->longbody);
    copy_text(a, &it->body, tr_empty(&d->body) ? &d->longbody : &d->body, BODY_MAX);
    ensure_french(&d->category);
    copy_text(a, &it->category, &d->category, 80);
    ensure_french(&d->venue);
    if (d->kind == KIND_EVENT)
        copy_text(a, &it->venue, &d->venue, 120);

    /* An event carries its status, which the slide shows as a band; on
     * other kinds the marker becomes the subtitle, in every language. */
    if (d->kind == KIND_EVENT && st != ST_NONE) {
        it->status = status_of[st].status;
    } else if (st != ST_NONE) {
        for (int l = 0; l < LANG_COUNT; l++)
            it->subtitle.s[l] = loc_string(status_of[st].word, (enum lang)l);
        if (st == ST_SOLDOUT)
            it->seats = 0;
    }
    it->image = d->image ? arena_strdup(a, d->image) : NULL;
    if (d->url) {
        it->url = arena_strdup(a, d->url);
    } else if (d->has_geo) {
        snprintf(buf, sizeof buf,
                 "https://www.openstreetmap.org/?mlat=%.6f&mlon=%.6f#map=17/%.6f/%.6f", d->lat,
                 d->lon, d->lat, d->lon);
        it->url = arena_strdup(a, buf);
    }

    if (d->kind == KIND_EVENT) {
        it->start = per->start;
        it->start_date_only = per->start_date_only;
        if (per->end != CIVIL_NONE && per->end != per->start) {
            it->end = per->end;
            it->end_date_only = per->end_date_only;
        }
        it->organiser = d->organiser ? arena_strdup(a, tidy(a, d->organiser, 120)) : NULL;
        it->free = d->free;
        /* Only unlabelled zeros: the event is free, and says so once. */
        bool only_zero = d->nprices > 0;
        for (int i = 0; i < d->nprices; i++)
            only_zero &=
                d->prices[i].min == 0 && d->prices[i].max < 0 && tr_empty(&d->prices[i].label);
        if (only_zero) {
            d->nprices = 0;
            it->free = 1;
        }
        if (st == ST_CANCELLED) { /* nothing to pay for: do not show prices */
            d->nprices = 0;
            d->free = -1;
            it->free = -1;
        }
        /* Every price says what it is for, or they fold into one summary
         * under the title: "De 9 à 15,50 €", never a column of bare
         * amounts nor "À partir de" twice. */
        bool labelled = true;
        for (int i = 0; i < d->nprices; i++)
            labelled &= !tr_empty(&d->prices[i].label) && d->prices[i].max < 0;
        if (!labelled) {
            bool any_paid = false;
            for (int i = 0; i < d->nprices; i++)
                any_paid |= d->prices[i].min > 0 || d->prices[i].max > 0;
            if (tr_empty(&it->subtitle))
                price_summary(im, &it->subtitle, true);
            if (d->free == -1)
                it->free = any_paid ? 0 : 1;
            d->nprices = 0;
        }
        for (int i = 0; i < d->nprices; i++) {
            struct imp_price *p = &d->prices[i];
            fmt_amount(p->min, buf, sizeof buf, true);
            int idx = fb_add_price(im->b, it, buf, d->line);
            if (idx < 0)
                continue;
            tr_text label = p->label;
            ensure_french(&label); /* French is the reference */
            for (int l = 0; l < LANG_COUNT; l++) {
                /* only the languages the source gives: a slide in another
                 * one shows the summary instead (one language a slide) */
                if (!label.s[l] || (l != LANG_FR && !p->label.s[l]))
                    continue;
                char *t = clean(a, label.s[l], text_lang(&label, l), 80);
                fb_set_price_label(im->b, it, idx, l == LANG_FR ? NULL : lang_code((enum lang)l),
                                   t, d->line);
            }
        }
        if (d->free == -1 && d->nprices > 0) {
            bool all_zero = true;
            for (int i = 0; i < d->nprices; i++)
                all_zero &= d->prices[i].min == 0 && d->prices[i].max < 0;
            it->free = all_zero ? 1 : 0;
        }
    } else {
        it->address = d->address ? tidy(a, d->address, 160) : NULL;
        if (d->phone) {
            char *ph = imp_clean_phone(d->phone);
            it->phone = tidy(a, ph, 40);
            free(ph);
        }
        if (d->has_opening)
            it->opening = arena_memdup(a, &d->opening, sizeof d->opening);
        if (st == ST_NONE)
            price_summary(im, &it->subtitle, false);
    }
}

void imp_emit(struct importer *im)
{
    struct imp_draft *d = &im->d;
    char id[80];
    im->st.objects++;
    if (!d->id || !*d->id) {
        imp_warn(im, d->line, "%s object has no id; skipped", d->type ? d->type : "an");
        im->st.skipped++;
        return;
    }
    sanitise_id(d->id, id, sizeof id);
    if (!*id) {
        imp_warn(im, d->line, "id '%s' has no letter or digit; skipped", d->id);
        im->st.skipped++;
        return;
    }
    d->id = id;
    if (tr_empty(&d->title)) {
        imp_warn(im, d->line, "no name in any language; skipped");
        im->st.skipped++;
        return;
    }
    struct imp_period per = {CIVIL_NONE, CIVIL_NONE, false, false};
    if (d->kind == KIND_EVENT && !pick_period(im, &per)) {
        imp_warn(im, d->line, "event has no date; skipped");
        im->st.skipped++;
        return;
    }
    struct item *it = seen_find(im, id);
    const char *sig = signature(im, &per);
    if (!it && table_find(&im->sigs, sig)) {
        /* Two objects for one thing (an event entered twice): one slide. */
        imp_warn(im, d->line, "same title and date as object %s; skipped as a duplicate",
                 table_find(&im->sigs, sig)->id);
        im->st.duplicates++;
        return;
    }
    if (it) {
        /* A later export of the same object replaces the earlier one. */
        const char *keep_id = it->id, *keep_file = it->file;
        struct item fresh;
        memset(&fresh, 0, sizeof fresh);
        fresh.sched = it->sched; /* defaults, as fb_add_item set them */
        fresh.sched.weight = 1;
        fresh.start = fresh.end = fresh.sale_until = CIVIL_NONE;
        fresh.seats = -1;
        fresh.free = -1;
        fresh.id = keep_id;
        fresh.file = keep_file;
        fresh.kind = d->kind;
        fresh.line = d->line;
        *it = fresh;
        im->st.replaced++;
    } else {
        it = fb_add_item(im->b, d->kind, id, d->line);
        if (!it)
            return;
        seen_add(im, it);
        table_add(&im->sigs, sig, it);
        im->st.items++;
    }
    fill_item(im, it, &per);
}
