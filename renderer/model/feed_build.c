/* feed_build — builds a feed item by item: the builder, its messages in
 * the order of the file, items and their copies, and the cross-item checks
 * (required fields, duplicate ids, references). The rules of each field are
 * in feed_field.c, the cleaning of text values in feed_text.c. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "model/feed_build_priv.h"
#include "model/util.h"

fb_t *fb_create(const char *name, const char *base_dir, diag_t *diag)
{
    fb_t *b = xcalloc(1, sizeof(*b));
    b->feed = feed_alloc(name, base_dir);
    b->name = b->feed->name;
    b->diag = diag;
    return b;
}

arena_t *fb_arena(fb_t *b)
{
    return b->feed->arena;
}

struct feed_settings *fb_settings(fb_t *b)
{
    return &b->feed->settings;
}

const char *fb_name(const fb_t *b)
{
    return b->name;
}

static void add_msg(fb_t *b, int line, const struct diag_info *info, const char *fmt, va_list ap)
{
    b->errors++;
    if (b->nmsgs >= DIAG_MAX)
        return; /* counted, as diag would */
    char *msg = xvasprintf(fmt, ap);
    if (b->nmsgs == b->msgcap) {
        b->msgcap = b->msgcap ? b->msgcap * 2 : 16;
        b->msgs = xrealloc(b->msgs, b->msgcap * sizeof(*b->msgs));
    }
    struct diag_info in = info ? *info : (struct diag_info){0};
    if (in.field)
        in.field = xstrdup(in.field);
    else if (b->field[0])
        in.field = xstrdup(b->field);
    else if (b->fname && b->ftext)
        in.field = xasprintf("%s.%s", b->fname, b->flang ? b->flang : "fr");
    else if (b->fname)
        in.field = xstrdup(b->fname);
    in.value = in.value ? xstrdup(in.value) : NULL;
    b->msgs[b->nmsgs] = (struct msg){line, b->nmsgs, msg, in};
    b->nmsgs++;
}

void fb_error(fb_t *b, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_msg(b, line, NULL, fmt, ap);
    va_end(ap);
}

void fb_fail(fb_t *b, int line, const struct diag_info *info, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_msg(b, line, info, fmt, ap);
    va_end(ap);
}

/* Frees what add_msg copied for one message. */
static void msg_free(struct msg *m)
{
    free(m->text);
    free((char *)m->info.field);
    free((char *)m->info.value);
}

static int msg_cmp(const void *pa, const void *pb)
{
    const struct msg *a = pa, *b = pb;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Hands the problems to diag in the order of the file, so that staff read
 * them top to bottom, then forgets them. */
static void flush_msgs(fb_t *b)
{
    if (b->nmsgs)
        qsort(b->msgs, b->nmsgs, sizeof(*b->msgs), msg_cmp);
    for (size_t i = 0; i < b->nmsgs; i++) {
        struct msg *m = &b->msgs[i];
        diag_add_info(b->diag, b->name, m->line, m->info.code || m->info.field ? &m->info : NULL,
                      "%s", m->text);
        msg_free(m);
    }
    for (size_t i = b->nmsgs; i < b->errors; i++)
        diag_add(b->diag, b->name, 0, "more problems");
    free(b->msgs);
    b->msgs = NULL;
    b->nmsgs = 0;
}

size_t fb_error_count(const fb_t *b)
{
    return b->errors;
}

struct fb_mark fb_mark(const fb_t *b)
{
    return (struct fb_mark){b->nslots, b->errors};
}

void fb_forget(fb_t *b, struct fb_mark from, struct fb_mark to)
{
    if (to.items > from.items && to.items <= b->nslots) {
        memmove(b->slots + from.items, b->slots + to.items,
                (b->nslots - to.items) * sizeof(*b->slots));
        b->nslots -= to.items - from.items;
    }
    if (to.errors <= from.errors || to.errors > b->errors)
        return;
    /* Messages past DIAG_MAX were only counted; seq is the report's rank. */
    size_t lo = from.errors < b->nmsgs ? from.errors : b->nmsgs;
    size_t hi = to.errors < b->nmsgs ? to.errors : b->nmsgs;
    for (size_t i = lo; i < hi; i++)
        msg_free(&b->msgs[i]);
    memmove(b->msgs + lo, b->msgs + hi, (b->nmsgs - hi) * sizeof(*b->msgs));
    b->nmsgs -= hi - lo;
    for (size_t i = lo; i < b->nmsgs; i++)
        b->msgs[i].seq = i;
    b->errors -= to.errors - from.errors;
}

void fb_abort(fb_t *b)
{
    if (!b)
        return;
    flush_msgs(b);
    free(b->slots);
    feed_free(b->feed);
    free(b);
}

const char *fb_article(enum item_kind k)
{
    return k == KIND_EVENT ? "an" : "a";
}

bool fb_valid_id(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!isalnum((unsigned char)s[n]) && s[n] != '-' && s[n] != '_' && s[n] != '.')
            return false;
    return n > 0 && n <= ID_MAX;
}

/* What the feed will take once built: its arena, and per item a pointer
 * in the table and at most four in the index. */
static size_t memory_so_far(const fb_t *b)
{
    return arena_used(b->feed->arena) + b->nslots * 5 * sizeof(void *);
}

bool fb_json_is_feed(const cJSON *root)
{
    return cJSON_IsObject(root) && (cJSON_GetObjectItemCaseSensitive(root, "items") ||
                                    cJSON_GetObjectItemCaseSensitive(root, "version") ||
                                    cJSON_GetObjectItemCaseSensitive(root, "settings"));
}

void fb_set_unbounded(fb_t *b)
{
    b->unbounded = true;
}

struct item *fb_add_item(fb_t *b, enum item_kind kind, const char *id, int line)
{
    if (!b->unbounded && !b->too_many && memory_so_far(b) > FEED_MAX_MEMORY) {
        fb_fail(b, line, FB_WHY(.code = FP_FEED_TOO_BIG, .max = FEED_MAX_MEMORY >> 20),
                "at this item the feed already takes %u MiB of memory, the limit that "
                "keeps the player within its memory: split it, remove old items or "
                "shorten long texts",
                FEED_MAX_MEMORY >> 20);
        b->too_many = true;
    }
    if (b->too_many)
        return NULL;
    if (!b->unbounded && b->nslots >= FEED_MAX_ITEMS) {
        if (!b->too_many)
            fb_fail(b, line, FB_WHY(.code = FP_FEED_TOO_BIG, .max = FEED_MAX_ITEMS),
                    "the feed has more than %d items, the limit; split it or "
                    "remove old items",
                    FEED_MAX_ITEMS);
        b->too_many = true;
        return NULL;
    }
    if (!id || !*id)
        fb_fail(b, line, FB_WHY(.code = FP_ID_MISSING, .field = "id"),
                "this %s has no id: give it one, unique in the feed (letters, "
                "digits, '-', '_' and '.')",
                kind_name(kind));
    else if (!fb_valid_id(id))
        fb_fail(b, line, FB_WHY(.code = FP_ID_INVALID, .field = "id", .value = id, .max = ID_MAX),
                "id '%.80s' is not valid: use only letters without accents, "
                "digits, '-', '_' and '.', at most %d (for example fete-gateau-basque)",
                id, ID_MAX);
    struct item *it = arena_alloc(b->feed->arena, sizeof(*it));
    it->id = arena_strdup(b->feed->arena, id ? id : "");
    it->kind = kind;
    it->file = b->name;
    it->line = line;
    it->transition = TRANS_DEFAULT;
    it->sched.from = it->sched.until = CIVIL_NONE;
    it->sched.days = 0x7f;
    it->sched.holidays = HOLIDAY_ANY;
    it->sched.priority = PRIO_NORMAL;
    it->sched.weight = 1;
    it->start = it->end = it->sale_until = CIVIL_NONE;
    it->free = -1;
    it->seats = -1;
    if (b->nslots == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 64;
        b->slots = xrealloc(b->slots, b->cap * sizeof(*b->slots));
    }
    b->slots[b->nslots].it = it;
    b->slots[b->nslots].set = 0;
    b->nslots++;
    return it;
}

static void copy_tr(arena_t *a, tr_text *t)
{
    for (int l = 0; l < LANG_COUNT; l++)
        t->s[l] = arena_strdup(a, t->s[l]);
}

void fb_copy_settings(fb_t *b, const struct feed_settings *src)
{
    arena_t *a = b->feed->arena;
    struct feed_settings *s = fb_settings(b);
    *s = *src;
    copy_tr(a, &s->office);
    s->logo = arena_strdup(a, s->logo);
    s->timezone = arena_strdup(a, s->timezone);
    s->website = arena_strdup(a, s->website);
    s->agenda_url = arena_strdup(a, s->agenda_url);
    s->booking_url = arena_strdup(a, s->booking_url);
}

void fb_copy_item(fb_t *b, struct item *it, const struct item *src)
{
    arena_t *a = b->feed->arena;
    const char *id = it->id;
    *it = *src;
    it->id = id;
    it->file = arena_strdup(a, src->file);
    copy_tr(a, &it->title);
    copy_tr(a, &it->subtitle);
    copy_tr(a, &it->body);
    copy_tr(a, &it->category);
    copy_tr(a, &it->venue);
    it->image = arena_strdup(a, src->image);
    it->video = arena_strdup(a, src->video);
    if (src->alt) {
        struct item_images *alt = arena_alloc(a, sizeof *alt);
        alt->portrait = arena_strdup(a, src->alt->portrait);
        alt->landscape = arena_strdup(a, src->alt->landscape);
        alt->has_focus = src->alt->has_focus;
        alt->focus_x = src->alt->focus_x;
        alt->focus_y = src->alt->focus_y;
        it->alt = alt;
    }
    it->url = arena_strdup(a, src->url);
    it->partner = arena_strdup(a, src->partner);
    it->address = arena_strdup(a, src->address);
    it->phone = arena_strdup(a, src->phone);
    it->organiser = arena_strdup(a, src->organiser);
    it->event = arena_strdup(a, src->event);
    if (src->opening)
        it->opening = arena_memdup(a, src->opening, sizeof *src->opening);
    if (src->sched.nwindows > 0)
        it->sched.windows = arena_memdup(a, src->sched.windows,
                                         (size_t)src->sched.nwindows * sizeof *src->sched.windows);
    if (src->sched.nscreens > 0) {
        const char **s = arena_alloc(a, (size_t)src->sched.nscreens * sizeof *s);
        for (int k = 0; k < src->sched.nscreens; k++)
            s[k] = arena_strdup(a, src->sched.screens[k]);
        it->sched.screens = s;
    }
    if (src->nprices > 0) {
        struct price *p = arena_alloc(a, (size_t)src->nprices * sizeof *p);
        for (int k = 0; k < src->nprices; k++) {
            p[k] = src->prices[k];
            copy_tr(a, &p[k].label);
        }
        it->prices = p;
    }
}

struct slot *fb_slot(fb_t *b, const struct item *it)
{
    for (size_t i = b->nslots; i-- > 0;)
        if (b->slots[i].it == it)
            return &b->slots[i];
    return NULL;
}

/* ---- cross-item checks ---- */

/* The last instant a date or date-time covers: a date alone means the whole day. */
static civil_t end_of(civil_t t, bool date_only)
{
    return date_only ? t + 86400 - 1 : t;
}

static void check_item(fb_t *b, const struct item *it, uint64_t given)
{
    const char *k = kind_name(it->kind);
    /* A field given with a bad value was reported already; "missing" would
     * only repeat it. */
#define GIVEN(f) (given & (1ull << (f)))
    if (it->kind != KIND_POSTER && !it->title.s[LANG_FR]) {
        if (!tr_empty(&it->title))
            fb_fail(b, it->line, FB_WHY(.code = FP_NO_FRENCH, .field = "title.fr"),
                    "%s '%s' has a translated title but none in French: add the "
                    "French title, the reference",
                    k, it->id);
        else if (!GIVEN(F_TITLE))
            fb_fail(b, it->line, FB_WHY(.code = FP_TITLE_MISSING, .field = "title.fr"),
                    "%s '%s' has no title: add one (every kind but poster needs "
                    "a title)",
                    k, it->id);
    }
    if (it->kind == KIND_POSTER && !it->image && !GIVEN(F_IMAGE) && !it->video && !GIVEN(F_VIDEO))
        fb_fail(b, it->line, FB_WHY(.code = FP_POSTER_NO_IMAGE, .field = "image"),
                "poster '%s' has no image: add the image (or the video) it shows", it->id);
    if (it->kind == KIND_EVENT && it->start == CIVIL_NONE && !GIVEN(F_START))
        fb_fail(b, it->line, FB_WHY(.code = FP_START_MISSING, .field = "start"),
                "event '%s' has no start: add its start date (YYYY-MM-DD or "
                "YYYY-MM-DDTHH:MM)",
                it->id);
    if (it->start != CIVIL_NONE && it->end != CIVIL_NONE &&
        end_of(it->end, it->end_date_only) < it->start)
        fb_fail(b, it->line, FB_WHY(.code = FP_END_BEFORE_START, .field = "end"),
                "event '%s' ends before it starts: check its start and end", it->id);
    const struct schedule *s = &it->sched;
    if (s->from != CIVIL_NONE && s->until != CIVIL_NONE &&
        end_of(s->until, s->until_date_only) < s->from)
        fb_fail(b, it->line, FB_WHY(.code = FP_UNTIL_BEFORE_FROM, .field = "until"),
                "%s '%s' has 'until' before 'from': it would never play; check "
                "both dates",
                k, it->id);
    struct tr_check {
        const char *name;
        const tr_text *t;
    } texts[] = {{"subtitle", &it->subtitle},
                 {"body", &it->body},
                 {"category", &it->category},
                 {"venue", &it->venue}};
    for (size_t i = 0; i < COUNT(texts); i++) {
        char field[32];
        snprintf(field, sizeof field, "%s.fr", texts[i].name);
        if (!tr_empty(texts[i].t) && !texts[i].t->s[LANG_FR])
            fb_fail(b, it->line, FB_WHY(.code = FP_NO_FRENCH, .field = field),
                    "%s '%s' has a translated %s but none in French: add the "
                    "French %s, the reference",
                    k, it->id, texts[i].name, texts[i].name);
    }
    for (int i = 0; i < it->nprices; i++) {
        char field[40];
        snprintf(field, sizeof field, "prices.%d.label.fr", i);
        if (!tr_empty(&it->prices[i].label) && !it->prices[i].label.s[LANG_FR])
            fb_fail(b, it->line, FB_WHY(.code = FP_NO_FRENCH, .field = field),
                    "%s '%s': a price label is translated but has no French "
                    "value; add the French label",
                    k, it->id);
    }
}

feed_t *fb_finish(fb_t *b)
{
    feed_t *f = b->feed;
    if (!f->settings.office.s[LANG_FR])
        fb_fail(b, 0, FB_WHY(.code = FP_NO_FRENCH, .field = "office.fr"),
                "the office name has translations but no French value: add the "
                "French name");
    f->nitems = b->nslots;
    f->items = xmalloc((b->nslots ? b->nslots : 1) * sizeof(*f->items));
    for (size_t i = 0; i < b->nslots; i++) {
        f->items[i] = b->slots[i].it;
        check_item(b, f->items[i], b->slots[i].set);
    }
    feed_build_index(f);
    for (size_t i = 0; i < f->nitems; i++) {
        const struct item *it = f->items[i], *first = feed_find(f, it->id);
        if (first != it && it->id[0])
            fb_fail(b, it->line, FB_WHY(.code = FP_ID_TAKEN, .field = "id", .value = it->id),
                    "id '%s' is already used by the %s at line %d: give each "
                    "item its own id",
                    it->id, kind_name(first->kind), first->line);
        if (it->kind == KIND_TICKET && it->event) {
            const struct item *ev = feed_find(f, it->event);
            if (!ev)
                fb_fail(
                    b, it->line,
                    FB_WHY(.code = FP_TICKET_EVENT_MISSING, .field = "event", .value = it->event),
                    "ticket '%s' is for event '%s', which is not in the "
                    "feed: check the event's id",
                    it->id, it->event);
            else if (ev->kind != KIND_EVENT)
                fb_fail(b, it->line,
                        FB_WHY(.code = FP_TICKET_NOT_EVENT, .field = "event", .value = it->event),
                        "ticket '%s' is for '%s', which is %s %s, not an event", it->id, it->event,
                        fb_article(ev->kind), kind_name(ev->kind));
        }
    }
    bool ok = b->errors == 0;
    flush_msgs(b);
    b->feed = NULL;
    free(b->slots);
    free(b);
    if (!ok) {
        feed_free(f);
        return NULL;
    }
    return f;
}
