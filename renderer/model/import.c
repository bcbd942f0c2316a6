/* import — format detection, the import run, and the mapping of a draft
 * object to a feed item that the three SIT mappers share (see import.h and
 * docs/importers.md). */
#include "model/import.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "model/feed_priv.h" /* fb_name */
#include "model/import_priv.h"
#include "model/locale.h"
#include "model/tz.h"
#include "model/util.h"

/* Long descriptions are cut at a word boundary: a slide is read from 3 m. */
#define BODY_MAX 420

static const char *const format_names[] = {
    [IMPORT_UNKNOWN] = "unknown",           [IMPORT_NATIVE] = "native",
    [IMPORT_DATATOURISME] = "datatourisme", [IMPORT_APIDAE] = "apidae",
    [IMPORT_TOURINSOFT] = "tourinsoft",
};

const char *import_format_name(enum import_format f)
{
    return (unsigned)f <= IMPORT_TOURINSOFT ? format_names[f] : "unknown";
}

int import_format_parse(const char *name, enum import_format *out)
{
    for (int f = IMPORT_DATATOURISME; f <= IMPORT_TOURINSOFT; f++) {
        if (strcmp(name, format_names[f]) == 0) {
            *out = (enum import_format)f;
            return 0;
        }
    }
    return -1;
}

/* ---------------------------------------------------------------------- */
/* Tolerant JSON access                                                    */

const cJSON *jget(const cJSON *o, const char *key)
{
    if (!o)
        return NULL;
    if (cJSON_IsObject(o))
        return cJSON_GetObjectItemCaseSensitive(o, key);
    if (cJSON_IsArray(o)) {
        const cJSON *e;
        cJSON_ArrayForEach(e, o)
        {
            const cJSON *v = cJSON_IsObject(e) ? cJSON_GetObjectItemCaseSensitive(e, key) : NULL;
            if (v)
                return v;
        }
    }
    return NULL;
}

const cJSON *jpath(const cJSON *o, const char *path)
{
    char key[64];
    while (o && *path) {
        size_t n = strcspn(path, ".");
        if (n >= sizeof key)
            return NULL;
        memcpy(key, path, n);
        key[n] = '\0';
        o = jget(o, key);
        path += n;
        if (*path == '.')
            path++;
    }
    return o;
}

const cJSON *jfirst(const cJSON *v)
{
    return cJSON_IsArray(v) ? v->child : v;
}

int jcount(const cJSON *v)
{
    if (!v || cJSON_IsNull(v))
        return 0;
    return cJSON_IsArray(v) ? cJSON_GetArraySize(v) : 1;
}

const cJSON *jat(const cJSON *v, int i)
{
    if (cJSON_IsArray(v))
        return cJSON_GetArrayItem(v, i);
    return i == 0 ? v : NULL;
}

const char *jtext(const cJSON *v, char *buf, size_t size)
{
    v = jfirst(v);
    if (cJSON_IsString(v)) {
        const char *s = v->valuestring;
        while (*s && isspace((unsigned char)*s))
            s++;
        return *s ? v->valuestring : NULL;
    }
    if (cJSON_IsNumber(v) && buf) {
        double d = v->valuedouble;
        if (d == floor(d) && fabs(d) < 1e15)
            snprintf(buf, size, "%.0f", d);
        else
            snprintf(buf, size, "%g", d);
        return buf;
    }
    if (cJSON_IsBool(v) && buf) {
        snprintf(buf, size, "%s", cJSON_IsTrue(v) ? "true" : "false");
        return buf;
    }
    return NULL;
}

bool jnum(const cJSON *v, double *out)
{
    v = jfirst(v);
    if (cJSON_IsNumber(v)) {
        *out = v->valuedouble;
        return isfinite(*out);
    }
    if (!cJSON_IsString(v))
        return false;
    char tmp[40];
    const char *s = v->valuestring;
    while (isspace((unsigned char)*s))
        s++;
    size_t n = 0;
    for (; *s && n + 1 < sizeof tmp; s++) {
        if (*s == ',')
            tmp[n++] = '.';
        else if (*s != ' ')
            tmp[n++] = *s;
    }
    tmp[n] = '\0';
    if (n == 0)
        return false;
    char *end;
    errno = 0;
    double d = strtod(tmp, &end);
    if (errno || end == tmp || !isfinite(d))
        return false;
    while (*end == ' ' || *end == '\xe2' || *end == '\x82' || *end == '\xac' || *end == 'E' ||
           *end == 'U' || *end == 'R')
        end++; /* "12 €", "12 EUR" */
    if (*end)
        return false;
    *out = d;
    return true;
}

/* ---------------------------------------------------------------------- */
/* Detection                                                               */

static const char *const apidae_types[] = {
    "FETE_ET_MANIFESTATION",
    "RESTAURATION",
    "HEBERGEMENT_HOTELIER",
    "HOTELLERIE",
    "HEBERGEMENT_COLLECTIF",
    "HEBERGEMENT_LOCATIF",
    "HOTELLERIE_PLEIN_AIR",
    "PATRIMOINE_CULTUREL",
    "PATRIMOINE_NATUREL",
    "ACTIVITE",
    "COMMERCE_ET_SERVICE",
    "EQUIPEMENT",
    "DEGUSTATION",
    "SEJOUR_PACKAGE",
    "STRUCTURE",
    "TERRITOIRE",
    "DOMAINE_SKIABLE",
    NULL,
};

static bool looks_apidae(const cJSON *o)
{
    const cJSON *t = jget(o, "type");
    if (!cJSON_IsObject(o) || !cJSON_IsString(t))
        return false;
    if (cJSON_IsObject(jget(o, "nom")))
        return true;
    for (int i = 0; apidae_types[i]; i++)
        if (strcmp(t->valuestring, apidae_types[i]) == 0)
            return jget(o, "id") != NULL;
    return false;
}

static bool looks_datatourisme(const cJSON *o)
{
    if (!cJSON_IsObject(o))
        return false;
    const cJSON *id = jget(o, "@id");
    if (cJSON_IsString(id) && strstr(id->valuestring, "datatourisme"))
        return true;
    return jget(o, "@type") && (jget(o, "rdfs:label") || jget(o, "dc:identifier"));
}

enum import_format import_detect(const cJSON *root)
{
    if (cJSON_IsArray(root)) {
        const cJSON *first = root->child;
        if (looks_apidae(first))
            return IMPORT_APIDAE;
        if (looks_datatourisme(first))
            return IMPORT_DATATOURISME;
        return IMPORT_UNKNOWN;
    }
    if (!cJSON_IsObject(root))
        return IMPORT_UNKNOWN;
    if (jget(root, "items") || jget(root, "version") || jget(root, "settings"))
        return IMPORT_NATIVE;
    const cJSON *d = jget(root, "d");
    if ((cJSON_IsObject(d) && cJSON_IsArray(jget(d, "results"))) || cJSON_IsArray(d))
        return IMPORT_TOURINSOFT;
    if (cJSON_IsArray(jget(root, "value")))
        return IMPORT_TOURINSOFT;
    const cJSON *ot = jget(root, "objetsTouristiques");
    if (cJSON_IsArray(ot) || looks_apidae(root))
        return IMPORT_APIDAE;
    /* the "agenda détaillé" answer: objects grouped by day */
    if (cJSON_IsObject(ot) && ot->child && cJSON_IsArray(ot->child))
        return IMPORT_APIDAE;
    const cJSON *ctx = jget(root, "@context");
    char *ctxs = ctx ? cJSON_PrintUnformatted(ctx) : NULL;
    bool dt_ctx = ctxs && strstr(ctxs, "datatourisme");
    free(ctxs);
    if (dt_ctx || jget(root, "@graph") || looks_datatourisme(root))
        return IMPORT_DATATOURISME;
    return IMPORT_UNKNOWN;
}

/* ---------------------------------------------------------------------- */
/* The run                                                                 */

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

importer_t *import_create(const char *name, const char *base_dir, civil_t ref, diag_t *diag,
                          diag_t *warn)
{
    importer_t *im = xcalloc(1, sizeof *im);
    im->b = fb_create(name, base_dir, diag);
    im->name = xstrdup(name);
    im->diag = diag;
    im->warn = warn;
    im->ref = ref == CIVIL_NONE ? import_now() : ref;
    im->diag_start = diag_count(diag);
    return im;
}

void import_abort(importer_t *im)
{
    if (!im)
        return;
    if (im->b)
        fb_abort(im->b);
    free(im->d.periods);
    free(im->seen.v);
    free(im->sigs.v);
    jprune_free(im->jp);
    tz_free(im->zone);
    free(im->filebuf);
    free(im->docname);
    free(im->name);
    free(im);
}

void import_get_stats(const importer_t *im, struct import_stats *out)
{
    *out = im->st;
}

int imp_line_of(struct importer *im, const char *needle)
{
    if (!im->buf || !needle || !*needle)
        return im->cursor_line;
    const char *from = im->buf + im->cursor;
    const char *hit = memmem(from, im->len - im->cursor, needle, strlen(needle));
    if (!hit)
        return im->cursor_line;
    for (const char *p = from; (p = memchr(p, '\n', (size_t)(hit - p))) != NULL; p++)
        im->cursor_line++;
    im->cursor = (size_t)(hit - im->buf);
    return im->cursor_line;
}

void imp_warn(struct importer *im, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    char *full = im->d.id ? xasprintf("object %s: %s", im->d.id, msg) : xstrdup(msg);
    if (im->warn)
        diag_add(im->warn, im->doc, line, "%s", full);
    else if (line > 0)
        log_msg(LV_WARN, "%s:%d: %s", im->doc, line, full);
    else
        log_msg(LV_WARN, "%s: %s", im->doc, full);
    free(full);
    free(msg);
}

void imp_skip_type(struct importer *im, const char *type)
{
    im->st.skipped++;
    im->nskipped_types++;
    if (!type)
        type = "(no type)";
    for (int i = 0; i < im->nunknown; i++) {
        if (strcmp(im->unknown[i].name, type) == 0) {
            im->unknown[i].n++;
            return;
        }
    }
    if (im->nunknown < (int)(sizeof im->unknown / sizeof im->unknown[0])) {
        snprintf(im->unknown[im->nunknown].name, sizeof im->unknown[0].name, "%s", type);
        im->unknown[im->nunknown++].n = 1;
    }
}

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

/* ---------------------------------------------------------------------- */
/* Draft to item                                                           */

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

/* ---------------------------------------------------------------------- */
/* Documents                                                               */

int import_add_json(importer_t *im, const cJSON *root, const char *buf, size_t len,
                    const char *name, enum import_format fmt)
{
    enum import_format found = import_detect(root);
    if (fmt == IMPORT_UNKNOWN)
        fmt = found;
    if (fmt == IMPORT_NATIVE || fmt == IMPORT_UNKNOWN) {
        diag_add(im->diag, name, 0,
                 fmt == IMPORT_NATIVE
                     ? "this is a vitrine feed, not a SIT export; use it as a feed directly"
                     : "not a DATAtourisme, Apidae or Tourinsoft export: expected JSON-LD "
                       "objects with @type, an Apidae objetsTouristiques list, or a Tourinsoft "
                       "{\"d\":{\"results\":[...]}} or {\"value\":[...]} document");
        return -1;
    }
    if (found != fmt && found != IMPORT_UNKNOWN) {
        diag_add(im->diag, name, 0, "declared as %s but looks like %s; check --from",
                 import_format_name(fmt), import_format_name(found));
        return -1;
    }
    if (found == IMPORT_UNKNOWN) {
        diag_add(im->diag, name, 0, "does not look like a %s export; check --from",
                 import_format_name(fmt));
        return -1;
    }
    size_t before = im->st.items;
    free(im->docname);
    im->docname = xstrdup(name);
    im->doc = im->docname;
    im->buf = buf;
    im->len = buf ? len : 0;
    im->cursor = 0;
    im->cursor_line = 1;
    if (fmt == IMPORT_DATATOURISME)
        import_datatourisme(im, root);
    else if (fmt == IMPORT_APIDAE)
        import_apidae(im, root);
    else
        import_tourinsoft(im, root);
    im->buf = NULL;
    return (int)(im->st.items - before);
}

/* cJSON gives only the offset where parsing stopped: turn it into a line. */
static void json_error(diag_t *diag, const char *name, const char *buf, size_t len,
                       const char *end)
{
    int line = 1;
    if (end && end >= buf && end <= buf + len)
        for (const char *p = buf; p < end; p++)
            line += *p == '\n';
    diag_add(diag, name, line, "not valid JSON near here; the export is cut or damaged");
}

/* The members that import_detect looks at, beside the mappers' own. */
static const struct jprune_key detect_keys[] = {
    JPRUNE_KEEP("items"), JPRUNE_KEEP("version"), JPRUNE_KEEP("settings"),
    JPRUNE_KEEP("d"),     JPRUNE_KEEP("value"),   JPRUNE_KEEP("@context"),
    JPRUNE_END,
};
static const struct jprune_key *const import_keys[] = {
    detect_keys,
    imp_datatourisme_keys,
    imp_apidae_keys,
    NULL,
};

/* Parse only what the mappers read (a DATAtourisme object is mostly labels
 * in seven languages and graphs of agents that nobody shows). A Tourinsoft
 * document would be kept whole: no use pruning it. Returns the pruned text
 * or NULL. Thread-safe for distinct pruners. */
static const char *prune(jprune_t *jp, const char *buf, size_t len, enum import_format fmt,
                         size_t *plen)
{
    if (fmt == IMPORT_TOURINSOFT)
        return NULL;
    return jprune_run(jp, buf, len, import_keys, plen);
}

/* Imports a document from its pruned text (may be NULL) and its original:
 * the original gives the line numbers, and is parsed whole when the pruned
 * text is missing or does not parse, which also reports a broken one. */
static int add_pruned(importer_t *im, const char *pruned, size_t plen, const char *buf, size_t len,
                      const char *name, enum import_format fmt)
{
    cJSON *root = pruned ? cJSON_ParseWithLength(pruned, plen) : NULL;
    if (!root) {
        const char *end = NULL; /* not cJSON_GetErrorPtr: a global */
        root = cJSON_ParseWithLengthOpts(buf, len, &end, false);
        if (!root) {
            json_error(im->diag, name, buf, len, end);
            return -1;
        }
    }
    int n = import_add_json(im, root, buf, len, name, fmt);
    cJSON_Delete(root);
    return n;
}

int import_add_mem(importer_t *im, const char *buf, size_t len, const char *name,
                   enum import_format fmt)
{
    if (!im->jp)
        im->jp = jprune_create();
    size_t plen = 0;
    const char *pruned = prune(im->jp, buf, len, fmt, &plen);
    return add_pruned(im, pruned, plen, buf, len, name, fmt);
}

/* Reads path into *buf (of *cap bytes, grown as needed and reused from file
 * to file: a flux of 5,000 files would otherwise map and fault in 5,000
 * fresh buffers). Returns 0, or -1 with errno set (EFBIG when larger than
 * max). Thread-safe. */
static int read_into(const char *path, size_t max, char **buf, size_t *cap, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    struct stat st;
    int rc = -1;
    if (fstat(fileno(f), &st) < 0)
        goto fail;
    if (S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        goto fail;
    }
    if (!S_ISREG(st.st_mode)) /* a pipe or /proc: no size to trust */
        goto slow;
    if ((size_t)st.st_size > max) {
        errno = EFBIG;
        goto fail;
    }
    /* One byte more than the size, to see a file that grows under us. */
    size_t want = (size_t)st.st_size + 2;
    if (want > *cap) {
        free(*buf);
        *buf = xmalloc(want);
        *cap = want;
    }
    size_t n = fread(*buf, 1, want - 1, f);
    if (ferror(f))
        goto fail;
    if (n > (size_t)st.st_size)
        goto slow;
    (*buf)[n] = '\0';
    *len = n;
    rc = 0;
fail:
    fclose(f);
    return rc;
slow: /* read_file copes with files that do not tell their size */
    fclose(f);
    free(*buf);
    *buf = read_file(path, max, len);
    *cap = *buf ? *len + 1 : 0;
    return *buf ? 0 : -1;
}

static void read_error(importer_t *im, const char *path, int err)
{
    if (err == EFBIG)
        diag_add(im->diag, path, 0, "larger than %u MiB; split the export",
                 IMPORT_MAX_BYTES >> 20);
    else
        diag_add(im->diag, path, 0, "cannot read: %s", strerror(err));
}

int import_add_file(importer_t *im, const char *path, enum import_format fmt)
{
    size_t len;
    if (read_into(path, IMPORT_MAX_BYTES, &im->filebuf, &im->filecap, &len) < 0) {
        read_error(im, path, errno);
        return -1;
    }
    return import_add_mem(im, im->filebuf, len, path, fmt);
}

/* --- many files: read and pruned on two threads ------------------------ */

/* Files read ahead of the one being mapped: enough to keep both threads
 * busy, few enough to bound memory (each holds its file); and the bytes
 * that may wait in them, beyond the next file to map. */
#define AHEAD       8
#define AHEAD_BYTES (64u << 20)
/* A slot's buffer bigger than this is given back once its file is done. */
#define KEEP_BYTES (16u << 20)

struct slot {
    char *buf; /* the file (reused) */
    size_t cap, len;
    jprune_t *jp;       /* its pruner (reused) */
    const char *pruned; /* NULL: parse buf whole */
    size_t plen;
    int err; /* errno of a failed read, else 0 */
    bool ready;
};

/* The files of one import_add_files call. Any thread claims the next file
 * to read and prune (in order, within AHEAD of the next to map); only the
 * calling thread parses and maps them, in order, and it reads ahead itself
 * rather than wait. Guarded by lock: next, mapped, held, ready. */
struct reader {
    const char *const *paths;
    size_t n;
    enum import_format fmt;
    struct slot slot[AHEAD];
    size_t next;   /* next file to claim */
    size_t mapped; /* files mapped (their slots are free) */
    size_t held;   /* bytes read, not yet mapped */
    pthread_mutex_t lock;
    pthread_cond_t cond; /* a slot became ready, or free */
};

/* With the lock held: claims the next file when allowed, else returns n. */
static size_t claim(struct reader *r)
{
    size_t i = r->next;
    if (i >= r->n || i >= r->mapped + AHEAD || (r->held >= AHEAD_BYTES && i != r->mapped))
        return r->n;
    r->next++;
    return i;
}

/* Reads and prunes file i into its slot, the lock released meanwhile. */
static void load(struct reader *r, size_t i)
{
    struct slot *s = &r->slot[i % AHEAD];
    pthread_mutex_unlock(&r->lock);
    s->err = 0;
    s->pruned = NULL;
    s->len = 0;
    if (read_into(r->paths[i], IMPORT_MAX_BYTES, &s->buf, &s->cap, &s->len) < 0)
        s->err = errno ? errno : EIO;
    else
        s->pruned = prune(s->jp, s->buf, s->len, r->fmt, &s->plen);
    pthread_mutex_lock(&r->lock);
    s->ready = true;
    r->held += s->len;
    pthread_cond_broadcast(&r->cond);
}

static void *reader_main(void *arg)
{
    struct reader *r = arg;
    pthread_mutex_lock(&r->lock);
    while (r->next < r->n) {
        size_t i = claim(r);
        if (i < r->n)
            load(r, i);
        else
            pthread_cond_wait(&r->cond, &r->lock);
    }
    pthread_mutex_unlock(&r->lock);
    return NULL;
}

int import_add_files(importer_t *im, const char *const *paths, size_t n, enum import_format fmt)
{
    if (n < 2) /* nothing to overlap */
        return n ? import_add_file(im, paths[0], fmt) : 0;
    size_t before = im->st.items;
    bool failed = false;
    struct reader *r = xcalloc(1, sizeof *r);
    r->paths = paths;
    r->n = n;
    r->fmt = fmt;
    for (int k = 0; k < AHEAD; k++)
        r->slot[k].jp = jprune_create();
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->cond, NULL);
    pthread_t th;
    bool threaded = pthread_create(&th, NULL, reader_main, r) == 0;
    pthread_mutex_lock(&r->lock);
    for (size_t i = 0; i < n; i++) {
        struct slot *s = &r->slot[i % AHEAD];
        while (!s->ready) {
            size_t j = claim(r);
            if (j < n)
                load(r, j); /* rather than wait */
            else
                pthread_cond_wait(&r->cond, &r->lock);
        }
        pthread_mutex_unlock(&r->lock);
        if (s->err) {
            read_error(im, paths[i], s->err);
            failed = true;
        } else {
            failed |= add_pruned(im, s->pruned, s->plen, s->buf, s->len, paths[i], fmt) < 0;
        }
        if (s->cap > KEEP_BYTES) {
            free(s->buf);
            s->buf = NULL;
            s->cap = 0;
        }
        pthread_mutex_lock(&r->lock);
        s->ready = false;
        r->held -= s->len;
        r->mapped = i + 1;
        pthread_cond_broadcast(&r->cond);
    }
    pthread_mutex_unlock(&r->lock);
    if (threaded)
        pthread_join(th, NULL);
    pthread_cond_destroy(&r->cond);
    pthread_mutex_destroy(&r->lock);
    for (int k = 0; k < AHEAD; k++) {
        jprune_free(r->slot[k].jp);
        free(r->slot[k].buf);
    }
    free(r);
    return failed ? -1 : (int)(im->st.items - before);
}

static void summary(importer_t *im)
{
    char extra[512] = "";
    size_t o = 0;
    for (int i = 0; i < im->nunknown && o < sizeof extra; i++)
        o += (size_t)snprintf(extra + o, sizeof extra - o, "%s%s ×%d", i ? ", " : " (",
                              im->unknown[i].name, im->unknown[i].n);
    if (im->nunknown && o < sizeof extra)
        snprintf(extra + o, sizeof extra - o, ")");
    log_msg(LV_INFO,
            "%s: imported %zu items from %zu objects; %zu skipped%s; %zu replaced by a later "
            "copy; %zu duplicates left out; %zu events already over",
            im->name, im->st.items, im->st.objects, im->st.skipped, extra, im->st.replaced,
            im->st.duplicates, im->st.past);
    if (im->nunknown)
        log_msg(LV_WARN, "%s: %zu objects of types vitrine does not show were skipped%s", im->name,
                im->nskipped_types, extra);
}

feed_t *import_finish(importer_t *im)
{
    summary(im);
    bool failed = diag_count(im->diag) > im->diag_start;
    feed_t *f = fb_finish(im->b);
    im->b = NULL;
    import_abort(im);
    if (failed && f) {
        feed_free(f);
        f = NULL;
    }
    return f;
}

int import_fill(fb_t *b, const cJSON *root, const char *buf, size_t len, enum import_format fmt,
                civil_t ref)
{
    diag_t *diag = diag_create();
    importer_t *im = xcalloc(1, sizeof *im);
    im->b = b;
    im->diag = diag;
    const char *name = fb_name(b);
    im->name = xstrdup(name);
    im->ref = ref == CIVIL_NONE ? import_now() : ref;
    int n = import_add_json(im, root, buf, len, name, fmt);
    if (n >= 0)
        summary(im);
    size_t skip = strlen(name) + 2; /* "NAME: " is the builder's to add */
    for (size_t i = 0; i < diag_count(diag) && diag_get(diag, i); i++)
        fb_error(b, 0, "%s", strlen(diag_get(diag, i)) > skip ? diag_get(diag, i) + skip : "?");
    im->b = NULL; /* the loader's */
    import_abort(im);
    diag_free(diag);
    return n;
}

feed_t *import_load_json(const cJSON *root, const char *buf, size_t len, const char *name,
                         const char *base_dir, enum import_format fmt, civil_t ref, diag_t *diag)
{
    importer_t *im = import_create(name, base_dir, ref, diag, NULL);
    if (import_add_json(im, root, buf, len, name, fmt) < 0) {
        import_abort(im);
        return NULL;
    }
    return import_finish(im);
}
