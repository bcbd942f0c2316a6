/* feed_field — the rules of every field of an item and every setting:
 * which kinds take it, how its text form is read, and the message for staff
 * when it is wrong. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/feed_build_priv.h"
#include "model/util.h"

#define K(k)  (1u << (k))
#define K_ALL 0x7fu
#define K_PP  (K(KIND_PROVIDER) | K(KIND_PLACE))
#define K_VID (K(KIND_POSTER) | K(KIND_PLACE))

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
    {"image_portrait", F_IMAGE_PORTRAIT, K_ALL, FT_STRING},
    {"image_landscape", F_IMAGE_LANDSCAPE, K_ALL, FT_STRING},
    {"focus", F_FOCUS, K_ALL, FT_STRING},
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
    {"video", F_VIDEO, K_VID, FT_STRING},
    {"loops", F_LOOPS, K_VID, FT_NUMBER},
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

bool fb_is_item_field(const char *name)
{
    for (size_t i = 0; i < COUNT(item_fields); i++)
        if (!strcmp(item_fields[i].name, name))
            return true;
    return false;
}

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
        fb_fail(b, line, FB_WHY(.code = FP_DURATION, .value = v, .min = 1, .max = 3600),
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
        fb_fail(b, line, FB_WHY(.code = FP_INT_RANGE, .value = v, .min = lo, .max = hi),
                "%s '%.40s' is not valid: give a whole number from %ld to %ld", name, v, lo, hi);
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
    fb_fail(b, line, FB_WHY(.code = FP_BOOL, .value = v),
            "%s '%.40s' is not valid: write true or false", name, v);
    return -1;
}

static int bad_choice(fb_t *b, const char *name, const char *v, const char *choices, int line)
{
    fb_fail(b, line, FB_WHY(.code = FP_CHOICE, .value = v), "%s '%.40s' is not valid: use %s",
            name, v, choices);
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
        fb_fail(b, line, FB_WHY(.code = FP_DATE, .value = v), "%s: %s", name, err);
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
        fb_fail(b, line, FB_WHY(.code = FP_PATH, .value = v),
                "%s '%.80s' is not usable: give a file in the feed's folder "
                "(images/photo.jpg) or a web address starting with https://",
                name, v);
        return -1;
    }
    if (v[0] == '/' || strcmp(v, "..") == 0 || str_starts(v, "../") || strstr(v, "/../") ||
        str_ends(v, "/..")) {
        fb_fail(b, line, FB_WHY(.code = FP_PATH_OUTSIDE, .value = v),
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
    fb_fail(b, line, FB_WHY(.code = FP_URL, .value = v),
            "%s '%.80s' is not a web address: it must start with https:// "
            "(or http://) and contain no spaces",
            name, v);
    return -1;
}

static int set_ref(fb_t *b, const char *name, const char *v, int line, const char **out)
{
    if (!fb_valid_id(v)) {
        fb_fail(b, line, FB_WHY(.code = FP_REF, .value = v, .max = ID_MAX),
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
        if (!fb_valid_id(tag)) {
            fb_fail(b, line, FB_WHY(.code = FP_SCREEN_TAG, .value = tag),
                    "screen tag '%.40s' is not valid: separate tags with spaces and "
                    "use only letters, digits, '-', '_' and '.' (for example 'hall thermes')",
                    tag);
            return -1;
        }
        if (n == MAX_SCREENS) {
            fb_fail(b, line, FB_WHY(.code = FP_SCREENS_MANY, .max = MAX_SCREENS),
                    "screens lists more than %d tags; keep at most %d", MAX_SCREENS, MAX_SCREENS);
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
        fb_fail(b, line, FB_WHY(.code = FP_OPENING, .value = v), "%s: %s", name, err);
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
            fb_fail(b, line, FB_WHY(.code = FP_TWICE),
                    "%s is given twice in French; keep only one (translations "
                    "need a language: eu, es or en)",
                    name);
        else
            fb_fail(b, line, FB_WHY(.code = FP_TWICE),
                    "%s is given twice in language '%s'; keep only one", name, lang_code(l));
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
        fb_fail(b, line, FB_WHY(.code = FP_LANG, .value = lang),
                "language '%.20s' of %s is not known: use fr, eu, es or en", lang, name);
        return -1;
    }
    if (*l != LANG_FR && !text) {
        fb_fail(b, line, FB_WHY(.code = FP_NOT_TRANSLATABLE),
                "%s cannot be translated: give a single value, without a language", name);
        return -1;
    }
    return 0;
}

/* A focal point "x,y": two fractions from 0 to 1 ("0.5,0.3"). */
static int parse_focus(const char *v, float *x, float *y)
{
    char *end;
    double a = strtod(v, &end);
    if (end == v || *end != ',')
        return -1;
    const char *w = end + 1;
    double c = strtod(w, &end);
    while (*end == ' ')
        end++;
    if (end == w || *end || !(a >= 0 && a <= 1) || !(c >= 0 && c <= 1))
        return -1;
    *x = (float)a;
    *y = (float)c;
    return 0;
}

/* The item's versions per orientation, made (empty) on first use. */
static struct item_images *alt_images(fb_t *b, struct item *it)
{
    if (!it->alt) {
        struct item_images *alt = arena_alloc(fb_arena(b), sizeof *alt);
        memset(alt, 0, sizeof *alt);
        it->alt = alt;
    }
    return (struct item_images *)it->alt;
}

/* Notes the field being set for the messages (feed_build.c add_msg);
 * whether it is a text is noted once its definition is found. */
static void name_field(fb_t *b, const char *name, const char *lang)
{
    b->fname = name;
    b->flang = lang;
    b->ftext = false;
}

static int set_field(fb_t *b, struct item *it, const char *name, const char *lang,
                     const char *value, int line);

int fb_set_field(fb_t *b, struct item *it, const char *name, const char *lang, const char *value,
                 int line)
{
    name_field(b, name, lang);
    int rc = set_field(b, it, name, lang, value, line);
    b->fname = NULL;
    return rc;
}

static int set_field(fb_t *b, struct item *it, const char *name, const char *lang,
                     const char *value, int line)
{
    const struct field_def *d = find_def(item_fields, COUNT(item_fields), name);
    if (!value)
        value = "";
    if (!d) {
        if (strcmp(name, "kind") == 0 || strcmp(name, "id") == 0)
            fb_fail(b, line, FB_WHY(.code = FP_TWICE),
                    "%s is given twice for this item; keep only one", name);
        else if (strcmp(name, "price") == 0 || strcmp(name, "prices") == 0)
            fb_error(b, line,
                     "%s is not written as a plain value: see 'price' in "
                     "docs/feed-format.md",
                     name);
        else
            fb_fail(b, line, FB_WHY(.code = FP_FIELD_UNKNOWN, .value = name),
                    "'%.40s' is not a field vitrine knows; check its spelling or "
                    "remove it (the fields are listed in docs/feed-format.md)",
                    name);
        return -1;
    }
    b->ftext = d->type == FT_TEXT;
    if (!(d->kinds & K(it->kind))) {
        fb_fail(b, line, FB_WHY(.code = FP_FIELD_NOT_FOR_KIND),
                "%s is not a field of %s %s; remove it, or change the item's kind", name,
                fb_article(it->kind), kind_name(it->kind));
        return -1;
    }
    enum lang l;
    if (check_lang(b, name, lang, d->type == FT_TEXT, line, &l) < 0)
        return -1;
    struct slot *sl = fb_slot(b, it);
    if (d->type != FT_TEXT && sl && (sl->set & (1ull << d->id))) {
        fb_fail(b, line, FB_WHY(.code = FP_TWICE), "%s is given twice for this %s; keep only one",
                name, kind_name(it->kind));
        return -1;
    }
    if (sl)
        sl->set |= 1ull << d->id;
    const char *v = fb_clean(b, name, value, d->type == FT_TEXT, line);
    if (!v)
        return -1;
    if (!*v) {
        fb_fail(b, line, FB_WHY(.code = FP_EMPTY), "%s is empty: give it a value, or remove it",
                name);
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
    case F_IMAGE_PORTRAIT:
        return set_path(b, name, v, line, &alt_images(b, it)->portrait);
    case F_IMAGE_LANDSCAPE:
        return set_path(b, name, v, line, &alt_images(b, it)->landscape);
    case F_FOCUS: {
        struct item_images *alt = alt_images(b, it);
        if (parse_focus(v, &alt->focus_x, &alt->focus_y) < 0) {
            fb_fail(b, line, FB_WHY(.code = FP_FOCUS, .value = v),
                    "%s '%.40s' is not valid: give the point of the picture to keep in view "
                    "as x,y, two fractions from 0 to 1 (0.5,0.5 is the centre; 0.5,0.2 "
                    "near the top)",
                    name, v);
            return -1;
        }
        alt->has_focus = true;
        return 0;
    }
    case F_URL:
        return set_url(b, name, v, line, &it->url);
    case F_VIDEO:
        if (str_starts(v, "http://") || str_starts(v, "https://")) {
            fb_fail(b, line, FB_WHY(.code = FP_VIDEO_URL, .value = v),
                    "video '%.80s' is a web address: copy the film into the feed's "
                    "folder and give its file name (for example videos/film.mp4)",
                    v);
            return -1;
        }
        return set_path(b, name, v, line, &it->video);
    case F_LOOPS: {
        int loops;
        if (set_int(b, name, v, 1, 100, line, &loops) < 0)
            return -1;
        it->loops = (uint8_t)loops;
        return 0;
    }
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
            return bad_choice(b, name, v, "scheduled, cancelled, postponed, sold_out or suspended",
                              line);
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
            fb_fail(b, line, FB_WHY(.code = FP_DAYS, .value = v), "days: %s", err);
            return -1;
        }
        return 0;
    case F_HOURS: {
        struct time_window w[SCHED_MAX_WINDOWS];
        int n = 0;
        if (windows_parse(v, w, SCHED_MAX_WINDOWS, &n, err, sizeof err) < 0) {
            fb_fail(b, line, FB_WHY(.code = FP_HOURS, .value = v), "hours: %s", err);
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

static int add_price(fb_t *b, struct item *it, const char *amount, int line);

int fb_add_price(fb_t *b, struct item *it, const char *amount, int line)
{
    snprintf(b->field, sizeof b->field, "prices.%d.amount", it->nprices);
    int rc = add_price(b, it, amount, line);
    b->field[0] = '\0';
    return rc;
}

static int add_price(fb_t *b, struct item *it, const char *amount, int line)
{
    if (it->kind != KIND_EVENT && it->kind != KIND_TICKET) {
        fb_fail(b, line, FB_WHY(.code = FP_PRICES_NOT_FOR_KIND, .field = "prices"),
                "%s %s has no prices: prices belong to events and tickets", fb_article(it->kind),
                kind_name(it->kind));
        return -1;
    }
    if (it->nprices == MAX_PRICES) {
        fb_fail(b, line, FB_WHY(.code = FP_PRICES_MANY, .field = "prices", .max = MAX_PRICES),
                "this %s has more than %d prices; keep at most %d", kind_name(it->kind),
                MAX_PRICES, MAX_PRICES);
        return -1;
    }
    const char *v = amount ? fb_clean(b, "amount", amount, false, line) : NULL;
    if (amount && !v)
        return -1;
    long long cents;
    int rc = v ? parse_fixed(v, 2, 10000000, &cents) : -1;
    if (rc < 0) {
        if (v && strchr(v, ','))
            fb_fail(b, line, FB_WHY(.code = FP_PRICE_COMMA, .value = v),
                    "price amount '%.40s' is not valid: write euros with a dot, "
                    "not a comma (for example 7.50)",
                    v);
        else if (rc == -2)
            fb_fail(b, line, FB_WHY(.code = FP_PRICE_LARGE, .value = v, .max = 100000),
                    "price amount '%.40s' is too large: at most 100000 euros", v);
        else
            fb_fail(b, line, FB_WHY(.code = FP_PRICE_INVALID, .value = v ? v : ""),
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
    snprintf(b->field, sizeof b->field, "prices.%d.label.%s", idx, lang ? lang : "fr");
    int rc = -1;
    if (idx < 0 || idx >= it->nprices || check_lang(b, "label", lang, true, line, &l) < 0)
        goto done;
    const char *v = fb_clean(b, "label", value, true, line);
    if (!v)
        goto done;
    if (!*v) {
        fb_fail(b, line, FB_WHY(.code = FP_EMPTY),
                "price label is empty: give it a value, or remove it");
        goto done;
    }
    struct price *p = (struct price *)&it->prices[idx];
    rc = set_text(b, "price label", l, v, line, &p->label);
done:
    b->field[0] = '\0';
    return rc;
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
            fb_fail(b, line, FB_WHY(.code = FP_LANGUAGES_UNKNOWN, .value = tok),
                    "languages: '%.20s' is not a language vitrine shows; use fr, eu, "
                    "es and en, separated by spaces",
                    tok);
            goto done;
        }
        for (int i = 0; i < n; i++) {
            if (langs[i] == l) {
                fb_fail(b, line, FB_WHY(.code = FP_LANGUAGES_TWICE, .value = tok),
                        "languages: '%s' is listed twice; list each once", tok);
                goto done;
            }
        }
        langs[n++] = l;
    }
    if (n == 0 || langs[0] != LANG_FR) {
        fb_fail(b, line, FB_WHY(.code = FP_LANGUAGES_FR_FIRST),
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
        fb_fail(b, line, FB_WHY(.code = FP_TIMEZONE, .value = v),
                "timezone '%.40s' is not a time zone name: use a name such as "
                "Europe/Paris",
                v);
        return -1;
    }
    b->feed->settings.timezone = v;
    return 0;
}

static int set_setting(fb_t *b, const char *name, const char *lang, const char *value, int line);

int fb_set_setting(fb_t *b, const char *name, const char *lang, const char *value, int line)
{
    name_field(b, name, lang);
    int rc = set_setting(b, name, lang, value, line);
    b->fname = NULL;
    return rc;
}

static int set_setting(fb_t *b, const char *name, const char *lang, const char *value, int line)
{
    static const char *const sold_out[] = {"band", "hide"};
    const struct field_def *d = find_def(setting_fields, COUNT(setting_fields), name);
    if (!d) {
        fb_fail(b, line, FB_WHY(.code = FP_SETTING_UNKNOWN, .value = name),
                "'%.40s' is not a setting vitrine knows; check its spelling or remove "
                "it (the settings are listed in docs/feed-format.md)",
                name);
        return -1;
    }
    b->ftext = d->type == FT_TEXT;
    enum lang l;
    if (check_lang(b, name, lang, d->type == FT_TEXT, line, &l) < 0)
        return -1;
    if (d->type != FT_TEXT && (b->settings_set & (1ull << d->id))) {
        fb_fail(b, line, FB_WHY(.code = FP_TWICE), "setting %s is given twice; keep only one",
                name);
        return -1;
    }
    b->settings_set |= 1ull << d->id;
    const char *v = fb_clean(b, name, value, d->type == FT_TEXT, line);
    if (!v)
        return -1;
    if (!*v) {
        fb_fail(b, line, FB_WHY(.code = FP_EMPTY),
                "setting %s is empty: give it a value, or remove it", name);
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

const char *feed_problem_name(int code)
{
    static const char *const names[FP_COUNT] = {
        [FP_ID_MISSING] = "id_missing",
        [FP_ID_INVALID] = "id_invalid",
        [FP_ID_TAKEN] = "id_taken",
        [FP_KIND] = "kind",
        [FP_TITLE_MISSING] = "title_missing",
        [FP_NO_FRENCH] = "no_french",
        [FP_POSTER_NO_IMAGE] = "poster_no_image",
        [FP_START_MISSING] = "start_missing",
        [FP_END_BEFORE_START] = "end_before_start",
        [FP_UNTIL_BEFORE_FROM] = "until_before_from",
        [FP_TICKET_EVENT_MISSING] = "ticket_event_missing",
        [FP_TICKET_NOT_EVENT] = "ticket_not_event",
        [FP_DURATION] = "duration",
        [FP_INT_RANGE] = "int_range",
        [FP_BOOL] = "bool",
        [FP_CHOICE] = "choice",
        [FP_DATE] = "date",
        [FP_PATH] = "path",
        [FP_PATH_OUTSIDE] = "path_outside",
        [FP_URL] = "url",
        [FP_REF] = "ref",
        [FP_SCREEN_TAG] = "screen_tag",
        [FP_SCREENS_MANY] = "screens_many",
        [FP_TWICE] = "twice",
        [FP_LANG] = "lang",
        [FP_NOT_TRANSLATABLE] = "not_translatable",
        [FP_FIELD_UNKNOWN] = "field_unknown",
        [FP_FIELD_NOT_FOR_KIND] = "field_not_for_kind",
        [FP_EMPTY] = "empty",
        [FP_VIDEO_URL] = "video_url",
        [FP_DAYS] = "days",
        [FP_HOURS] = "hours",
        [FP_OPENING] = "opening",
        [FP_PRICES_NOT_FOR_KIND] = "prices_not_for_kind",
        [FP_PRICES_MANY] = "prices_many",
        [FP_PRICE_COMMA] = "price_comma",
        [FP_PRICE_LARGE] = "price_large",
        [FP_PRICE_INVALID] = "price_invalid",
        [FP_PRICE_MISSING] = "price_missing",
        [FP_TOO_LONG] = "too_long",
        [FP_TYPE_TEXT] = "type_text",
        [FP_TYPE_NUMBER] = "type_number",
        [FP_TYPE_BOOL] = "type_bool",
        [FP_LANGUAGES_UNKNOWN] = "languages_unknown",
        [FP_LANGUAGES_TWICE] = "languages_twice",
        [FP_LANGUAGES_FR_FIRST] = "languages_fr_first",
        [FP_TIMEZONE] = "timezone",
        [FP_SETTING_UNKNOWN] = "setting_unknown",
        [FP_FEED_TOO_BIG] = "feed_too_big",
        [FP_FOCUS] = "focus",
    };
    return code > FP_NONE && code < FP_COUNT ? names[code] : NULL;
}
