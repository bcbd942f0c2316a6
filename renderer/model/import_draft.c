/* import_draft — what the three SIT mappers write into the draft of one
 * object: texts, dates and periods, opening hours, prices, and the status
 * markers found in titles (see import_priv.h). The draft becomes an item in
 * import_emit.c. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/import_priv.h"
#include "model/tz.h"
#include "model/util.h"

void imp_draft_reset(struct importer *im)
{
    struct imp_period *keep = im->d.periods;
    int cap = im->d.capperiods;
    memset(&im->d, 0, sizeof im->d);
    im->d.periods = keep;
    im->d.capperiods = cap;
    im->d.free = -1;
    im->d.line = im->cursor_line;
}

void imp_text(struct importer *im, tr_text *t, enum lang l, const char *s)
{
    (void)im;
    if (!s)
        return;
    while (isspace((unsigned char)*s))
        s++;
    if (!*s || t->s[l])
        return;
    t->s[l] = s; /* copied (and tidied) in imp_emit */
}

/* ---------------------------------------------------------------------- */
/* Dates, hours, prices                                                    */

/* The wall-clock time of instant t (UTC seconds) in zone, or on the machine's
 * clock when the zone could not be loaded. */
static civil_t wall_time(const tz_t *zone, time_t t)
{
    if (zone)
        return tz_civil(zone, (int64_t)t);
    struct tm tm;
    localtime_r(&t, &tm);
    return civil_make(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                      tm.tm_sec);
}

civil_t import_now(void)
{
    char err[256];
    tz_t *zone = tz_load(FEED_DEFAULT_TIMEZONE, err, sizeof err);
    civil_t now = wall_time(zone, time(NULL));
    tz_free(zone);
    return now;
}

/* The office's zone, loaded on first use; NULL (said once) without tzdata. */
static const tz_t *imp_zone(struct importer *im)
{
    if (!im->zone && !im->zone_failed) {
        char err[256];
        im->zone = tz_load(FEED_DEFAULT_TIMEZONE, err, sizeof err);
        im->zone_failed = !im->zone;
        if (!im->zone)
            log_msg(LV_WARN,
                    "%s; instants are read on the machine's clock "
                    "(install the tzdata package)",
                    err);
    }
    return im->zone;
}

/* Reads "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS][.fff][Z|+hh:mm]", "DD/MM/YYYY"
 * (Tourinsoft) or an OData instant "/Date(ms)/", which is read on the office's
 * wall clock, FEED_DEFAULT_TIMEZONE, whatever the machine's zone. */
static int read_date(struct importer *im, const char *s, civil_t *out, bool *date_only)
{
    char tmp[24], err[160];
    if (!s)
        return -1;
    while (isspace((unsigned char)*s))
        s++;
    const char *ms = strstr(s, "Date(");
    if (ms && (s[0] == '/' || s[0] == '\\')) {
        /* OData v2 "/Date(1546457575113)/": an instant; the office's midnight
         * stays a date. */
        time_t t = (time_t)(strtoll(ms + 5, NULL, 10) / 1000);
        *out = wall_time(imp_zone(im), t);
        *date_only = *out % 86400 == 0;
        return 0;
    }
    if (strlen(s) >= 10 && s[2] == '/' && s[5] == '/') {
        snprintf(tmp, sizeof tmp, "%.4s-%.2s-%.2s", s + 6, s + 3, s);
        return civil_parse(tmp, out, date_only, err, sizeof err);
    }
    /* Fractions, Z and offsets after the time are dropped: feed times are
     * wall-clock times. */
    size_t n = strcspn(s, ".Z+");
    if (n > 19)
        n = 19;
    if (n >= sizeof tmp)
        return -1;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    if (civil_parse(tmp, out, date_only, err, sizeof err) < 0)
        return -1;
    /* A midnight time on a date is a date ("2023-09-01T00:00:00"). */
    if (!*date_only && *out % 86400 == 0 && n == 19)
        *date_only = true;
    return 0;
}

/* "HH:MM[:SS]", "HHhMM", "HHh" into minutes; -1 when not a time. */
static int read_hhmm(const char *s)
{
    if (!s)
        return -1;
    while (isspace((unsigned char)*s))
        s++;
    int h = 0, m = 0, n = 0;
    if (!isdigit((unsigned char)s[0]))
        return -1;
    while (n < 2 && isdigit((unsigned char)s[n]))
        h = h * 10 + (s[n++] - '0');
    if (s[n] == ':' || s[n] == 'h' || s[n] == 'H') {
        n++;
        if (isdigit((unsigned char)s[n]) && isdigit((unsigned char)s[n + 1]))
            m = (s[n] - '0') * 10 + (s[n + 1] - '0');
    } else if (s[n]) {
        return -1;
    }
    if (h > 24 || m > 59 || (h == 24 && m))
        return -1;
    return h * 60 + m;
}

void imp_period_civil(struct importer *im, civil_t s, bool sdo, civil_t e, bool edo)
{
    struct imp_draft *d = &im->d;
    if (d->nperiods == d->capperiods) {
        d->capperiods = d->capperiods ? d->capperiods * 2 : 16;
        d->periods = xrealloc(d->periods, (size_t)d->capperiods * sizeof *d->periods);
    }
    /* An end date (a whole day) on the day of a timed start: one showing. */
    if (e != CIVIL_NONE && edo && !sdo && e == s - s % 86400)
        e = CIVIL_NONE;
    if (e != CIVIL_NONE && (edo ? e + 86399 : e) < s) {
        if (!d->warned_period)
            imp_warn(im, d->line, "a period ends before it starts; its end is ignored");
        d->warned_period = true;
        e = CIVIL_NONE;
    }
    d->periods[d->nperiods++] = (struct imp_period){s, e, sdo, edo};
}

void imp_period(struct importer *im, const char *start, const char *end, const char *tstart,
                const char *tend)
{
    civil_t s, e = CIVIL_NONE;
    bool sdo, edo = true;
    if (read_date(im, start, &s, &sdo) < 0) {
        if (start && !im->d.warned_period)
            imp_warn(im, im->d.line, "date '%s' is not a date; period ignored", start);
        im->d.warned_period = true;
        return;
    }
    if (end && read_date(im, end, &e, &edo) < 0) {
        if (!im->d.warned_period)
            imp_warn(im, im->d.line, "end date '%s' is not a date; ignored", end);
        im->d.warned_period = true;
        e = CIVIL_NONE;
    }
    int ts = read_hhmm(tstart), te = read_hhmm(tend);
    if (ts >= 0 && sdo) {
        s += ts * 60;
        sdo = false;
    }
    if (te >= 0) {
        if (e == CIVIL_NONE) {
            e = s - (sdo ? 0 : (s % 86400));
            edo = true;
        }
        if (edo) {
            e += te * 60;
            edo = false;
        }
    }
    imp_period_civil(im, s, sdo, e, edo);
}

void imp_hours(struct importer *im, uint8_t days, const char *open, const char *close)
{
    int o = read_hhmm(open), c = read_hhmm(close);
    if (o < 0)
        return;
    if (c < 0)
        c = o; /* a single time (a show, a departure): a point in the day */
    if (c == o)
        c = o + 60 <= 1440 ? o + 60 : 1440;
    struct week_hours *h = &im->d.opening;
    for (int d = 0; d < 7; d++) {
        if (!(days & (1u << d)) || h->count[d] >= HOURS_MAX_WINDOWS)
            continue;
        bool dup = false;
        for (int k = 0; k < h->count[d]; k++)
            dup |= h->win[d][k].start == o && h->win[d][k].end == c;
        if (dup)
            continue;
        int k = h->count[d]++;
        while (k > 0 && h->win[d][k - 1].start > o) {
            h->win[d][k] = h->win[d][k - 1];
            k--;
        }
        h->win[d][k] = (struct time_window){(int16_t)o, (int16_t)c};
    }
    im->d.has_opening = true;
}

struct imp_price *imp_price(struct importer *im, double min, double max)
{
    struct imp_draft *d = &im->d;
    if (min < 0 || min > 100000 || d->nprices >= IMP_MAX_PRICES)
        return NULL;
    if (max <= min)
        max = -1;
    for (int i = 0; i < d->nprices; i++)
        if (d->prices[i].min == min && d->prices[i].max == max && tr_empty(&d->prices[i].label))
            return &d->prices[i];
    struct imp_price *p = &d->prices[d->nprices++];
    memset(p, 0, sizeof *p);
    p->min = min;
    p->max = max > min ? max : -1;
    return p;
}

/* ---------------------------------------------------------------------- */
/* Markers in titles                                                       */

static const struct {
    const char *word;
    enum imp_status st;
} markers[] = {
    {"ANNULÉE", ST_CANCELLED},
    {"ANNULÉ", ST_CANCELLED},
    {"ANNULEE", ST_CANCELLED},
    {"ANNULE", ST_CANCELLED},
    {"CANCELLED", ST_CANCELLED},
    {"CANCELED", ST_CANCELLED},
    {"TEMPORAIREMENT SUSPENDUE", ST_SUSPENDED},
    {"TEMPORAIREMENT SUSPENDU", ST_SUSPENDED},
    {"SUSPENDUE", ST_SUSPENDED},
    {"SUSPENDU", ST_SUSPENDED},
    {"REPORTÉE", ST_POSTPONED},
    {"REPORTÉ", ST_POSTPONED},
    {"REPORTEE", ST_POSTPONED},
    {"REPORTE", ST_POSTPONED},
    {"POSTPONED", ST_POSTPONED},
    {"COMPLET", ST_SOLDOUT},
    {"SOLD OUT", ST_SOLDOUT},
    {"COMPLETO", ST_SOLDOUT},
};

static bool is_word_byte(unsigned char c)
{
    return isalnum(c) || c >= 0x80;
}

/* Compares word with s: exact (upper case) or, with fold, ASCII case-folded
 * and É/é alike. */
static size_t match_word(const char *s, const char *word, bool fold)
{
    size_t i = 0;
    for (; word[i]; i++) {
        unsigned char a = (unsigned char)s[i], b = (unsigned char)word[i];
        if (!a)
            return 0;
        if (a == b)
            continue;
        if (fold && b < 0x80 && tolower(a) == tolower(b))
            continue;
        if (fold && b == 0x89 && a == 0xa9 && i > 0 && (unsigned char)word[i - 1] == 0xc3)
            continue; /* É (C3 89) vs é (C3 A9) */
        return 0;
    }
    return i;
}

static bool is_sep(unsigned char c)
{
    return c == ' ' || c == '-' || c == ':' || c == '!' || c == '(' || c == ')' || c == '[' ||
           c == ']' || c == '*' || c == '/' || c == ',' || c == '.' || c == '|';
}

/* Length of a separator run at s, counting en and em dashes. */
static size_t sep_len(const char *s)
{
    size_t n = 0;
    for (;;) {
        if (is_sep((unsigned char)s[n]))
            n++;
        else if ((unsigned char)s[n] == 0xe2 && (unsigned char)s[n + 1] == 0x80 &&
                 ((unsigned char)s[n + 2] == 0x93 || (unsigned char)s[n + 2] == 0x94))
            n += 3;
        else
            return n;
    }
}

enum imp_status imp_marker(const char *s, char *strip, size_t size)
{
    if (!s)
        return ST_NONE;
    for (size_t i = 0; s[i]; i++) {
        if (i > 0 && is_word_byte((unsigned char)s[i - 1]))
            continue;
        /* In any case at the start ("Annulé : ..."), upper case elsewhere. */
        bool at_start = sep_len(s) >= i;
        for (size_t k = 0; k < sizeof markers / sizeof markers[0]; k++) {
            size_t n = match_word(s + i, markers[k].word, at_start);
            if (!n || is_word_byte((unsigned char)s[i + n]))
                continue;
            if (strip) {
                size_t l = i;
                for (;;) {
                    const unsigned char *u = (const unsigned char *)s;
                    if (l > 0 && is_sep(u[l - 1]))
                        l--;
                    else if (l >= 3 && u[l - 3] == 0xe2 && u[l - 2] == 0x80 &&
                             (u[l - 1] == 0x93 || u[l - 1] == 0x94))
                        l -= 3;
                    else
                        break;
                }
                const char *rest = s + i + n;
                rest += sep_len(rest);
                snprintf(strip, size, "%.*s%s%s", (int)l, s, (l && *rest) ? " " : "", rest);
                if (!*strip)
                    snprintf(strip, size, "%s", s);
            }
            return markers[k].st;
        }
    }
    if (strip)
        snprintf(strip, size, "%s", s);
    return ST_NONE;
}
