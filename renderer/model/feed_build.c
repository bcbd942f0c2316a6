/* feed_build — every rule a feed's fields obey, whatever the source format.
 * Loaders hand over text values as written; this module checks them, turns
 * them into the model and words every problem for the staff who wrote it. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/feed_priv.h"
#include "model/util.h"

#define ID_MAX      64
#define MAX_PRICES  20
#define MAX_SCREENS 32

enum field {
    F_TITLE,
    F_SUBTITLE,
    F_BODY,
    F_IMAGE,
    F_URL,
    F_PARTNER,
    F_TRANSITION,
    F_FROM,
    F_UNTIL,
    F_DAYS,
    F_HOURS,
    F_HOLIDAYS,
    F_PRIORITY,
    F_WEIGHT,
    F_DURATION,
    F_SCREENS,
    F_CATEGORY,
    F_ADDRESS,
    F_PHONE,
    F_OPENING,
    F_START,
    F_END,
    F_VENUE,
    F_ORGANISER,
    F_FREE,
    F_SEATS,
    F_SALE_UNTIL,
    F_EVENT,
    F_STATUS,
    F_AFTER_HOURS,
};

enum setting {
    S_OFFICE,
    S_LOGO,
    S_HOURS,
    S_LANGUAGES,
    S_TIMEZONE,
    S_DURATION,
    S_PROMO_DAYS,
    S_SOLD_OUT,
    S_HIDE_CLOSED,
    S_AGENDA_DAYS,
    S_GENERATED,
    S_WEBSITE,
    S_AGENDA_URL,
    S_BOOKING_URL,
};

#define K(k)  (1u << (k))
#define K_ALL 0x7fu
#define K_PP  (K(KIND_PROVIDER) | K(KIND_PLACE))

struct field_def {
    const char *name;
    int id;
    unsigned kinds; /* bit per enum item_kind; unused for settings */
    enum field_type type;
};

static const struct field_def item_fields[] = {
    {"title", F_TITLE, K_ALL, FT_TEXT},
    {"subtitle", F_SUBTITLE, K_ALL, FT_TEXT},
    {"body", F_BODY, K_ALL, FT_TEXT},
    {"image", F_IMAGE, K_ALL, FT_STRING},
    {"url", F_URL, K_ALL, FT_STRING},
    {"partner", F_PARTNER, K_ALL, FT_STRING},
    {"transition", F_TRANSITION, K_ALL, FT_STRING},
    {"from", F_FROM, K_ALL, FT_STRING},
    {"until", F_UNTIL, K_ALL, FT_STRING},
    {"days", F_DAYS, K_ALL, FT_STRING},
    {"hours", F_HOURS, K_ALL, FT_STRING},
    {"holidays", F_HOLIDAYS, K_ALL, FT_STRING},
    {"priority", F_PRIORITY, K_ALL, FT_STRING},
    {"weight", F_WEIGHT, K_ALL, FT_NUMBER},
    {"duration", F_DURATION, K_ALL, FT_NUMBER},
    {"screens", F_SCREENS, K_ALL, FT_STRING},
    {"after_hours", F_AFTER_HOURS, K_ALL, FT_BOOL},
    {"category", F_CATEGORY, K_PP, FT_TEXT},
    {"address", F_ADDRESS, K_PP, FT_STRING},
    {"phone", F_PHONE, K_PP, FT_STRING},
    {"opening", F_OPENING, K_PP, FT_STRING},
    {"start", F_START, K(KIND_EVENT), FT_STRING},
    {"end", F_END, K(KIND_EVENT), FT_STRING},
    {"venue", F_VENUE, K(KIND_EVENT), FT_TEXT},
    {"organiser", F_ORGANISER, K(KIND_EVENT), FT_STRING},
    {"free", F_FREE, K(KIND_EVENT), FT_BOOL},
    {"status", F_STATUS, K(KIND_EVENT), FT_STRING},
    {"seats", F_SEATS, K(KIND_TICKET), FT_NUMBER},
    {"sale_until", F_SALE_UNTIL, K(KIND_TICKET), FT_STRING},
    {"event", F_EVENT, K(KIND_TICKET), FT_STRING},
};

static const struct field_def setting_fields[] = {
    {"office", S_OFFICE, 0, FT_TEXT},           {"logo", S_LOGO, 0, FT_STRING},
    {"hours", S_HOURS, 0, FT_STRING},           {"languages", S_LANGUAGES, 0, FT_STRING},
    {"timezone", S_TIMEZONE, 0, FT_STRING},     {"duration", S_DURATION, 0, FT_NUMBER},
    {"promo_days", S_PROMO_DAYS, 0, FT_NUMBER}, {"sold_out", S_SOLD_OUT, 0, FT_STRING},
    {"hide_closed", S_HIDE_CLOSED, 0, FT_BOOL}, {"agenda_days", S_AGENDA_DAYS, 0, FT_NUMBER},
    {"generated", S_GENERATED, 0, FT_STRING},   {"website", S_WEBSITE, 0, FT_STRING},
    {"agenda_url", S_AGENDA_URL, 0, FT_STRING}, {"booking_url", S_BOOKING_URL, 0, FT_STRING},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* An item under construction and the fields it has been given so far. */
struct slot {
    struct item *it;
    uint64_t set;
};

struct msg {
    int line;
    size_t seq;
    char *text;
};

struct feed_builder {
    feed_t *feed;
    diag_t *diag;
    const char *name;
    size_t errors;
    struct slot *slots;
    size_t nslots, cap;
    uint64_t settings_set;
    bool too_many;
    bool office_set;
    bool warned_text; /* invalid UTF-8 or control characters logged */
    struct msg *msgs; /* problems, sorted by line when handed to diag */
    size_t nmsgs, msgcap;
};

static const struct field_def *find_def(const struct field_def *defs, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(defs[i].name, name) == 0)
            return &defs[i];
    return NULL;
}

enum field_type fb_field_type(const char *name, bool setting)
{
    const struct field_def *d = setting ? find_def(setting_fields, COUNT(setting_fields), name)
                                        : find_def(item_fields, COUNT(item_fields), name);
    return d ? d->type : FT_UNKNOWN;
}

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

void fb_error(fb_t *b, int line, const char *fmt, ...)
{
    b->errors++;
    if (b->nmsgs >= DIAG_MAX)
        return; /* counted, as diag would */
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    if (b->nmsgs == b->msgcap) {
        b->msgcap = b->msgcap ? b->msgcap * 2 : 16;
        b->msgs = xrealloc(b->msgs, b->msgcap * sizeof(*b->msgs));
    }
    b->msgs[b->nmsgs] = (struct msg){line, b->nmsgs, msg};
    b->nmsgs++;
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
        diag_add(b->diag, b->name, b->msgs[i].line, "%s", b->msgs[i].text);
        free(b->msgs[i].text);
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

void fb_abort(fb_t *b)
{
    if (!b)
        return;
    flush_msgs(b);
    free(b->slots);
    feed_free(b->feed);
    free(b);
}

static const char *article(enum item_kind k)
{
    return k == KIND_EVENT ? "an" : "a";
}

static bool valid_id(const char *s)
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

struct item *fb_add_item(fb_t *b, enum item_kind kind, const char *id, int line)
{
    if (!b->too_many && memory_so_far(b) > FEED_MAX_MEMORY) {
        fb_error(b, line,
                 "at this item the feed already takes %u MiB of memory, the limit that "
                 "keeps the player within its memory: split it, remove old items or "
                 "shorten long texts",
                 FEED_MAX_MEMORY >> 20);
        b->too_many = true;
    }
    if (b->too_many)
        return NULL;
    if (b->nslots >= FEED_MAX_ITEMS) {
        if (!b->too_many)
            fb_error(b, line,
                     "the feed has more than %d items, the limit; split it or "
                     "remove old items",
                     FEED_MAX_ITEMS);
        b->too_many = true;
        return NULL;
    }
    if (!id || !*id)
        fb_error(b, line,
                 "this %s has no id: give it one, unique in the feed (letters, "
                 "digits, '-', '_' and '.')",
                 kind_name(kind));
    else if (!valid_id(id))
        fb_error(b, line,
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

static struct slot *slot_of(fb_t *b, const struct item *it)
{
    for (size_t i = b->nslots; i-- > 0;)
        if (b->slots[i].it == it)
            return &b->slots[i];
    return NULL;
}

/* ---- values ---- */

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when s does not start
 * one: stray continuation bytes, overlong forms, surrogates and code points
 * past U+10FFFF are all invalid. */
static int utf8_seq(const unsigned char *s)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        return (s[1] & 0xc0) == 0x80 ? 2 : 0;
    if (c >= 0xe0 && c <= 0xef) {
        unsigned lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
        return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 ? 3 : 0;
    }
    if (c >= 0xf0 && c <= 0xf4) {
        unsigned lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
        return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 && (s[3] & 0xc0) == 0x80 ? 4 : 0;
    }
    return 0;
}

/* Copies s into out (room for 3 * strlen(s) + 1), replacing every byte that
 * does not start valid UTF-8 by U+FFFD and dropping control characters (C0
 * but tab, line feed and carriage return, which are blanks; DEL; C1), which
 * no screen can show. Counts both. Every format goes through here. */
static void sanitize_utf8(const unsigned char *s, char *out, size_t *replaced, size_t *stripped)
{
    size_t o = 0;
    while (*s) {
        int n = utf8_seq(s);
        if (n == 0) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            (*replaced)++;
            s++;
            continue;
        }
        bool control = n == 1 ? (*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r') || *s == 0x7f
                              : n == 2 && s[0] == 0xc2 && s[1] < 0xa0;
        if (control) {
            (*stripped)++;
        } else {
            memcpy(out + o, s, (size_t)n);
            o += (size_t)n;
        }
        s += n;
    }
    out[o] = '\0';
}

/* The value as the model keeps it: trimmed; in texts every run of blanks
 * becomes one space, and a run holding an empty line a paragraph break
 * ("\n\n"), so that XML indentation and JSON strings give the same text.
 * Invalid UTF-8 is replaced by U+FFFD and control characters are dropped
 * (logged once per feed). Returns NULL (after reporting) when too long. */
static const char *clean_value(fb_t *b, const char *what, const char *value, bool text, int line)
{
    size_t n = strlen(value);
    if (n > FEED_MAX_STRING) {
        fb_error(b, line, "%s is %zu bytes long, more than the limit of %u KiB; shorten it", what,
                 n, FEED_MAX_STRING >> 10);
        return NULL;
    }
    size_t replaced = 0, stripped = 0;
    char *clean = xmalloc(3 * n + 1);
    sanitize_utf8((const unsigned char *)value, clean, &replaced, &stripped);
    if ((replaced || stripped) && !b->warned_text) {
        b->warned_text = true;
        char at[16] = "";
        if (line > 0)
            snprintf(at, sizeof at, ":%d", line);
        log_msg(LV_WARN,
                "%s%s: %s: %zu byte(s) of invalid UTF-8 replaced by '\xEF\xBF\xBD'"
                " and %zu control character(s) removed; save the file as UTF-8 text "
                "(further cases in this feed are not logged)",
                b->name, at, what, replaced, stripped);
    }
    n = strlen(clean);
    char *out = arena_alloc_chars(b->feed->arena, n + 1);
    size_t o = 0;
    const char *p = clean;
    while (*p && isspace((unsigned char)*p))
        p++;
    while (*p) {
        if (isspace((unsigned char)*p)) {
            int newlines = 0;
            const char *q = p;
            while (*q && isspace((unsigned char)*q))
                newlines += *q++ == '\n';
            if (!*q)
                break;
            if (text && newlines >= 2) {
                out[o++] = '\n';
                out[o++] = '\n';
            } else if (text) {
                out[o++] = ' ';
            } else {
                while (p < q)
                    out[o++] = *p++;
            }
            p = q;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
    free(clean);
    return out;
}

static int parse_uint(const char *s, long max, long *out)
{
    long v = 0;
    if (!*s)
        return -1;
    for (; *s; s++) {
        if (!isdigit((unsigned char)*s))
            return -1;
        v = v * 10 + (*s - '0');
        if (v > max)
            return -2;
    }
    *out = v;
    return 0;
}

/* "12", "12.5", "7.50" with at most `decimals` decimals, scaled by 10^decimals. */
static int parse_fixed(const char *s, int decimals, long long max, long long *out)
{
    long long v = 0;
    int frac = -1;
    if (!isdigit((unsigned char)*s))
        return -1;
    for (; *s; s++) {
        if (*s == '.' && frac < 0) {
            frac = 0;
            continue;
        }
        if (!isdigit((unsigned char)*s) || (frac >= 0 && ++frac > decimals))
            return -1;
        v = v * 10 + (*s - '0');
        if (v > max * 1000)
            return -2;
    }
    if (frac == 0)
        return -1;
    for (int i = frac < 0 ? 0 : frac; i < decimals; i++)
        v *= 10;
    if (v > max)
        return -2;
    *out = v;
    return 0;
}

static int set_duration(fb_t *b, const char *name, const char *v, int line, int *ms)
{
    long long x;
    if (parse_fixed(v, 3, 3600000, &x) < 0 || x == 0) {
        fb_error(b, line,
                 "%s '%.40s' is not a valid duration: give seconds between 1 and 3600, "
                 "decimals allowed (for example 8 or 12.5)",
                 name, v);
        return -1;
    }
    *ms = (int)x;
    return 0;
}

static int set_int(fb_t *b, const char *name, const char *v, long lo, long hi, int line, int *out)
{
    long x;
    if (parse_uint(v, hi, &x) < 0 || x < lo) {
        fb_error(b, line, "%s '%.40s' is not valid: give a whole number from %ld to %ld", name, v,
                 lo, hi);
        return -1;
    }
    *out = (int)x;
    return 0;
}

static int set_bool(fb_t *b, const char *name, const char *v, int line, bool *out)
{
    if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0) {
        *out = v[0] == 't';
        return 0;
    }
    fb_error(b, line, "%s '%.40s' is not valid: write true or false", name, v);
    return -1;
}

static int bad_choice(fb_t *b, const char *name, const char *v, const char *choices, int line)
{
    fb_error(b, line, "%s '%.40s' is not valid: use %s", name, v, choices);
    return -1;
}

static int set_enum(fb_t *b, const char *name, const char *v, const char *const *names, int n,
                    const char *choices, int line, int *out)
{
    for (int i = 0; i < n; i++) {
        if (names[i] && strcmp(v, names[i]) == 0) {
            *out = i;
            return 0;
        }
    }
    return bad_choice(b, name, v, choices, line);
}

static int set_date(fb_t *b, const char *name, const char *v, int line, civil_t *t,
                    bool *date_only)
{
    char err[200];
    if (civil_parse(v, t, date_only, err, sizeof err) < 0) {
        fb_error(b, line, "%s: %s", name, err);
        return -1;
    }
    return 0;
}

static int set_path(fb_t *b, const char *name, const char *v, int line, const char **out)
{
    if (str_starts(v, "http://") || str_starts(v, "https://")) {
        *out = v;
        return 0;
    }
    const char *colon = strchr(v, ':'), *slash = strchr(v, '/');
    if (colon && (!slash || colon < slash)) {
        fb_error(b, line,
                 "%s '%.80s' is not usable: give a file in the feed's folder "
                 "(images/photo.jpg) or a web address starting with https://",
                 name, v);
        return -1;
    }
    if (v[0] == '/' || strcmp(v, "..") == 0 || str_starts(v, "../") || strstr(v, "/../") ||
        str_ends(v, "/..")) {
        fb_error(b, line,
                 "%s '%.80s' must be inside the feed's folder: write a relative "
                 "path without '..' and not starting with '/' (for example images/photo.jpg)",
                 name, v);
        return -1;
    }
    *out = v;
    return 0;
}

static int set_url(fb_t *b, const char *name, const char *v, int line, const char **out)
{
    if ((str_starts(v, "http://") || str_starts(v, "https://")) && !strpbrk(v, " \t\n")) {
        *out = v;
        return 0;
    }
    fb_error(b, line,
             "%s '%.80s' is not a web address: it must start with https:// "
             "(or http://) and contain no spaces",
             name, v);
    return -1;
}

static int set_ref(fb_t *b, const char *name, const char *v, int line, const char **out)
{
    if (!valid_id(v)) {
        fb_error(b, line,
                 "%s '%.80s' is not a valid id: use only letters without accents, "
                 "digits, '-', '_' and '.', at most %d",
                 name, v, ID_MAX);
        return -1;
    }
    *out = v;
    return 0;
}

static int set_screens(fb_t *b, const char *v, int line, struct schedule *s)
{
    const char *tags[MAX_SCREENS];
    int n = 0;
    const char *p = v;
    while (*p) {
        while (isspace((unsigned char)*p))
            p++;
        const char *e = p;
        while (*e && !isspace((unsigned char)*e))
            e++;
        if (e == p)
            break;
        char *tag = arena_strndup(b->feed->arena, p, (size_t)(e - p));
        if (!valid_id(tag)) {
            fb_error(b, line,
                     "screen tag '%.40s' is not valid: separate tags with spaces and "
                     "use only letters, digits, '-', '_' and '.' (for example 'hall thermes')",
                     tag);
            return -1;
        }
        if (n == MAX_SCREENS) {
            fb_error(b, line, "screens lists more than %d tags; keep at most %d", MAX_SCREENS,
                     MAX_SCREENS);
            return -1;
        }
        tags[n++] = tag;
        p = e;
    }
    if (n == 0) /* only spaces: every screen, as when absent */
        return 0;
    s->screens = arena_alloc(b->feed->arena, (size_t)n * sizeof(*s->screens));
    memcpy(s->screens, tags, (size_t)n * sizeof(*s->screens));
    s->nscreens = n;
    return 0;
}

static int set_opening(fb_t *b, const char *name, const char *v, int line, struct week_hours *h,
                       bool *has)
{
    char err[300];
    if (hours_parse(v, h, err, sizeof err) < 0) {
        fb_error(b, line, "%s: %s", name, err);
        return -1;
    }
    *has = true;
    return 0;
}

/* An item's opening hours, in the arena only when it has some. */
static int set_item_opening(fb_t *b, const char *name, const char *v, int line, struct item *it)
{
    struct week_hours h;
    bool has = false;
    if (set_opening(b, name, v, line, &h, &has) < 0)
        return -1;
    it->opening = arena_memdup(b->feed->arena, &h, sizeof h);
    return 0;
}

/* Stores a translation, refusing a second value for the same language. */
static int set_text(fb_t *b, const char *name, enum lang l, const char *v, int line, tr_text *t)
{
    if (t->s[l]) {
        if (l == LANG_FR)
            fb_error(b, line,
                     "%s is given twice in French; keep only one (translations "
                     "need a language: eu, es or en)",
                     name);
        else
            fb_error(b, line, "%s is given twice in language '%s'; keep only one", name,
                     lang_code(l));
        return -1;
    }
    t->s[l] = v;
    return 0;
}

/* Checks the language of a value: NULL/"fr" is French; only texts have others. */
static int check_lang(fb_t *b, const char *name, const char *lang, bool text, int line,
                      enum lang *l)
{
    *l = LANG_FR;
    if (!lang)
        return 0;
    if (lang_parse(lang, l) < 0) {
        fb_error(b, line, "language '%.20s' of %s is not known: use fr, eu, es or en", lang, name);
        return -1;
    }
    if (*l != LANG_FR && !text) {
        fb_error(b, line, "%s cannot be translated: give a single value, without a language",
                 name);
        return -1;
    }
    return 0;
}

int fb_set_field(fb_t *b, struct item *it, const char *name, const char *lang, const char *value,
                 int line)
{
    const struct field_def *d = find_def(item_fields, COUNT(item_fields), name);
    if (!value)
        value = "";
    if (!d) {
        if (strcmp(name, "kind") == 0 || strcmp(name, "id") == 0)
            fb_error(b, line, "%s is given twice for this item; keep only one", name);
        else if (strcmp(name, "price") == 0 || strcmp(name, "prices") == 0)
            fb_error(b, line,
                     "%s is not written as a plain value: see 'price' in "
                     "docs/feed-format.md",
                     name);
        else
            fb_error(b, line,
                     "'%.40s' is not a field vitrine knows; check its spelling or "
                     "remove it (the fields are listed in docs/feed-format.md)",
                     name);
        return -1;
    }
    if (!(d->kinds & K(it->kind))) {
        fb_error(b, line, "%s is not a field of %s %s; remove it, or change the item's kind", name,
                 article(it->kind), kind_name(it->kind));
        return -1;
    }
    enum lang l;
    if (check_lang(b, name, lang, d->type == FT_TEXT, line, &l) < 0)
        return -1;
    struct slot *sl = slot_of(b, it);
    if (d->type != FT_TEXT && sl && (sl->set & (1ull << d->id))) {
        fb_error(b, line, "%s is given twice for this %s; keep only one", name,
                 kind_name(it->kind));
        return -1;
    }
    if (sl)
        sl->set |= 1ull << d->id;
    const char *v = clean_value(b, name, value, d->type == FT_TEXT, line);
    if (!v)
        return -1;
    if (!*v) {
        fb_error(b, line, "%s is empty: give it a value, or remove it", name);
        return -1;
    }
    struct schedule *s = &it->sched;
    char err[300];
    switch ((enum field)d->id) {
    case F_TITLE:
        return set_text(b, name, l, v, line, &it->title);
    case F_SUBTITLE:
        return set_text(b, name, l, v, line, &it->subtitle);
    case F_BODY:
        return set_text(b, name, l, v, line, &it->body);
    case F_CATEGORY:
        return set_text(b, name, l, v, line, &it->category);
    case F_VENUE:
        return set_text(b, name, l, v, line, &it->venue);
    case F_IMAGE:
        return set_path(b, name, v, line, &it->image);
    case F_URL:
        return set_url(b, name, v, line, &it->url);
    case F_PARTNER:
        return set_ref(b, name, v, line, &it->partner);
    case F_EVENT:
        return set_ref(b, name, v, line, &it->event);
    case F_ADDRESS:
        it->address = v;
        return 0;
    case F_PHONE:
        it->phone = v;
        return 0;
    case F_ORGANISER:
        it->organiser = v;
        return 0;
    case F_TRANSITION:
        if (transition_parse(v, &it->transition) < 0)
            return bad_choice(b, name, v, "cut, fade, push or wipe", line);
        return 0;
    case F_HOLIDAYS:
        if (holiday_rule_parse(v, &s->holidays) < 0)
            return bad_choice(b, name, v, "any, only or except", line);
        return 0;
    case F_PRIORITY:
        if (priority_parse(v, &s->priority) < 0)
            return bad_choice(b, name, v, "normal, high or takeover", line);
        return 0;
    case F_STATUS:
        if (event_status_parse(v, &it->status) < 0)
            return bad_choice(b, name, v, "scheduled, cancelled or postponed", line);
        return 0;
    case F_FROM:
        return set_date(b, name, v, line, &s->from, &s->from_date_only);
    case F_UNTIL:
        return set_date(b, name, v, line, &s->until, &s->until_date_only);
    case F_START:
        return set_date(b, name, v, line, &it->start, &it->start_date_only);
    case F_END:
        return set_date(b, name, v, line, &it->end, &it->end_date_only);
    case F_SALE_UNTIL:
        return set_date(b, name, v, line, &it->sale_until, &it->sale_until_date_only);
    case F_DAYS:
        if (days_parse(v, &s->days, err, sizeof err) < 0) {
            fb_error(b, line, "days: %s", err);
            return -1;
        }
        return 0;
    case F_HOURS: {
        struct time_window w[SCHED_MAX_WINDOWS];
        int n = 0;
        if (windows_parse(v, w, SCHED_MAX_WINDOWS, &n, err, sizeof err) < 0) {
            fb_error(b, line, "hours: %s", err);
            return -1;
        }
        s->windows = n ? arena_memdup(b->feed->arena, w, (size_t)n * sizeof *w) : NULL;
        s->nwindows = n;
        return 0;
    }
    case F_OPENING:
        return set_item_opening(b, name, v, line, it);
    case F_WEIGHT:
        return set_int(b, name, v, 1, 100, line, &s->weight);
    case F_SEATS:
        return set_int(b, name, v, 0, 1000000, line, &it->seats);
    case F_DURATION:
        return set_duration(b, name, v, line, &s->duration_ms);
    case F_SCREENS:
        return set_screens(b, v, line, s);
    case F_AFTER_HOURS:
        return set_bool(b, name, v, line, &s->after_hours);
    case F_FREE: {
        bool f;
        if (set_bool(b, name, v, line, &f) < 0)
            return -1;
        it->free = f;
        return 0;
    }
    }
    return -1;
}

int fb_add_price(fb_t *b, struct item *it, const char *amount, int line)
{
    if (it->kind != KIND_EVENT && it->kind != KIND_TICKET) {
        fb_error(b, line, "%s %s has no prices: prices belong to events and tickets",
                 article(it->kind), kind_name(it->kind));
        return -1;
    }
    if (it->nprices == MAX_PRICES) {
        fb_error(b, line, "this %s has more than %d prices; keep at most %d", kind_name(it->kind),
                 MAX_PRICES, MAX_PRICES);
        return -1;
    }
    const char *v = amount ? clean_value(b, "amount", amount, false, line) : NULL;
    if (amount && !v)
        return -1;
    long long cents;
    int rc = v ? parse_fixed(v, 2, 10000000, &cents) : -1;
    if (rc < 0) {
        if (v && strchr(v, ','))
            fb_error(b, line,
                     "price amount '%.40s' is not valid: write euros with a dot, "
                     "not a comma (for example 7.50)",
                     v);
        else if (rc == -2)
            fb_error(b, line, "price amount '%.40s' is too large: at most 100000 euros", v);
        else
            fb_error(b, line,
                     "price amount '%.40s' is not valid: write euros with up to two "
                     "decimals, without the € sign (for example 28, 7.50 or 0 for free)",
                     v ? v : "");
        return -1;
    }
    struct price *p = arena_alloc(b->feed->arena, (size_t)(it->nprices + 1) * sizeof(*p));
    if (it->nprices)
        memcpy(p, it->prices, (size_t)it->nprices * sizeof(*p));
    p[it->nprices].cents = (int32_t)cents;
    it->prices = p;
    return it->nprices++;
}

int fb_set_price_label(fb_t *b, struct item *it, int idx, const char *lang, const char *value,
                       int line)
{
    enum lang l;
    if (idx < 0 || idx >= it->nprices || check_lang(b, "label", lang, true, line, &l) < 0)
        return -1;
    const char *v = clean_value(b, "label", value, true, line);
    if (!v)
        return -1;
    if (!*v) {
        fb_error(b, line, "price label is empty: give it a value, or remove it");
        return -1;
    }
    struct price *p = (struct price *)&it->prices[idx];
    return set_text(b, "price label", l, v, line, &p->label);
}

static int set_languages(fb_t *b, const char *v, int line)
{
    struct feed_settings *s = &b->feed->settings;
    enum lang langs[LANG_COUNT];
    int n = 0;
    char *copy = xstrdup(v), *save = NULL;
    int rc = -1;
    for (char *tok = strtok_r(copy, " \t\n,", &save); tok; tok = strtok_r(NULL, " \t\n,", &save)) {
        enum lang l;
        if (lang_parse(tok, &l) < 0) {
            fb_error(b, line,
                     "languages: '%.20s' is not a language vitrine shows; use fr, eu, "
                     "es and en, separated by spaces",
                     tok);
            goto done;
        }
        for (int i = 0; i < n; i++) {
            if (langs[i] == l) {
                fb_error(b, line, "languages: '%s' is listed twice; list each once", tok);
                goto done;
            }
        }
        langs[n++] = l;
    }
    if (n == 0 || langs[0] != LANG_FR) {
        fb_error(b, line,
                 "languages: French comes first, as the reference language (for "
                 "example 'fr eu es en')");
        goto done;
    }
    memcpy(s->languages, langs, sizeof langs);
    s->nlanguages = n;
    rc = 0;
done:
    free(copy);
    return rc;
}

static int set_timezone(fb_t *b, const char *v, int line)
{
    bool ok = strlen(v) <= 64 && v[0] != '/' && !strstr(v, "..");
    for (const char *p = v; ok && *p; p++)
        ok = isalnum((unsigned char)*p) || strchr("_+-/", *p);
    if (!ok) {
        fb_error(b, line,
                 "timezone '%.40s' is not a time zone name: use a name such as "
                 "Europe/Paris",
                 v);
        return -1;
    }
    b->feed->settings.timezone = v;
    return 0;
}

int fb_set_setting(fb_t *b, const char *name, const char *lang, const char *value, int line)
{
    static const char *const sold_out[] = {"band", "hide"};
    const struct field_def *d = find_def(setting_fields, COUNT(setting_fields), name);
    if (!d) {
        fb_error(b, line,
                 "'%.40s' is not a setting vitrine knows; check its spelling or remove "
                 "it (the settings are listed in docs/feed-format.md)",
                 name);
        return -1;
    }
    enum lang l;
    if (check_lang(b, name, lang, d->type == FT_TEXT, line, &l) < 0)
        return -1;
    if (d->type != FT_TEXT && (b->settings_set & (1ull << d->id))) {
        fb_error(b, line, "setting %s is given twice; keep only one", name);
        return -1;
    }
    b->settings_set |= 1ull << d->id;
    const char *v = clean_value(b, name, value, d->type == FT_TEXT, line);
    if (!v)
        return -1;
    if (!*v) {
        fb_error(b, line, "setting %s is empty: give it a value, or remove it", name);
        return -1;
    }
    struct feed_settings *s = &b->feed->settings;
    int x;
    switch ((enum setting)d->id) {
    case S_OFFICE:
        /* The default name gives way to the feed's own. */
        if (!b->office_set)
            memset(&s->office, 0, sizeof s->office);
        b->office_set = true;
        return set_text(b, name, l, v, line, &s->office);
    case S_LOGO:
        return set_path(b, name, v, line, &s->logo);
    case S_HOURS:
        return set_opening(b, name, v, line, &s->hours, &s->has_hours);
    case S_LANGUAGES:
        return set_languages(b, v, line);
    case S_TIMEZONE:
        return set_timezone(b, v, line);
    case S_DURATION:
        return set_duration(b, name, v, line, &s->duration_ms);
    case S_PROMO_DAYS:
        return set_int(b, name, v, 0, 3650, line, &s->promo_days);
    case S_AGENDA_DAYS:
        return set_int(b, name, v, 0, 365, line, &s->agenda_days);
    case S_HIDE_CLOSED:
        return set_bool(b, name, v, line, &s->hide_closed);
    case S_WEBSITE:
        return set_url(b, name, v, line, &s->website);
    case S_AGENDA_URL:
        return set_url(b, name, v, line, &s->agenda_url);
    case S_BOOKING_URL:
        return set_url(b, name, v, line, &s->booking_url);
    case S_SOLD_OUT:
        if (set_enum(b, name, v, sold_out, 2, "band or hide", line, &x) < 0)
            return -1;
        s->sold_out = (enum soldout_policy)x;
        return 0;
    case S_GENERATED: {
        bool date_only;
        return set_date(b, name, v, line, &s->generated, &date_only);
    }
    }
    return -1;
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
            fb_error(b, it->line,
                     "%s '%s' has a translated title but none in French: add the "
                     "French title, the reference",
                     k, it->id);
        else if (!GIVEN(F_TITLE))
            fb_error(b, it->line,
                     "%s '%s' has no title: add one (every kind but poster needs "
                     "a title)",
                     k, it->id);
    }
    if (it->kind == KIND_POSTER && !it->image && !GIVEN(F_IMAGE))
        fb_error(b, it->line, "poster '%s' has no image: add the image it shows", it->id);
    if (it->kind == KIND_EVENT && it->start == CIVIL_NONE && !GIVEN(F_START))
        fb_error(b, it->line,
                 "event '%s' has no start: add its start date (YYYY-MM-DD or "
                 "YYYY-MM-DDTHH:MM)",
                 it->id);
    if (it->start != CIVIL_NONE && it->end != CIVIL_NONE &&
        end_of(it->end, it->end_date_only) < it->start)
        fb_error(b, it->line, "event '%s' ends before it starts: check its start and end", it->id);
    const struct schedule *s = &it->sched;
    if (s->from != CIVIL_NONE && s->until != CIVIL_NONE &&
        end_of(s->until, s->until_date_only) < s->from)
        fb_error(b, it->line,
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
    for (size_t i = 0; i < COUNT(texts); i++)
        if (!tr_empty(texts[i].t) && !texts[i].t->s[LANG_FR])
            fb_error(b, it->line,
                     "%s '%s' has a translated %s but none in French: add the "
                     "French %s, the reference",
                     k, it->id, texts[i].name, texts[i].name);
    for (int i = 0; i < it->nprices; i++)
        if (!tr_empty(&it->prices[i].label) && !it->prices[i].label.s[LANG_FR])
            fb_error(b, it->line,
                     "%s '%s': a price label is translated but has no French "
                     "value; add the French label",
                     k, it->id);
}

feed_t *fb_finish(fb_t *b)
{
    feed_t *f = b->feed;
    if (!f->settings.office.s[LANG_FR])
        fb_error(b, 0,
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
            fb_error(b, it->line,
                     "id '%s' is already used by the %s at line %d: give each "
                     "item its own id",
                     it->id, kind_name(first->kind), first->line);
        if (it->kind == KIND_TICKET && it->event) {
            const struct item *ev = feed_find(f, it->event);
            if (!ev)
                fb_error(b, it->line,
                         "ticket '%s' is for event '%s', which is not in the "
                         "feed: check the event's id",
                         it->id, it->event);
            else if (ev->kind != KIND_EVENT)
                fb_error(b, it->line, "ticket '%s' is for '%s', which is %s %s, not an event",
                         it->id, it->event, article(ev->kind), kind_name(ev->kind));
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
